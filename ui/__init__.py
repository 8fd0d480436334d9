"""Glue between Streamlit pages and `analysis/`: cached loaders, filter widgets, shell helpers."""

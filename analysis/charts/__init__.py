"""Chart builders: functions that take DataFrames and return `alt.Chart` objects (no Streamlit)."""

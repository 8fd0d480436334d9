"""The ingestion service (`python -m analysis serve`): HTTP API, watch folder and alert loop in one process.

api.py (FastAPI routes), tokens.py (Bearer tokens per source), watch.py (the watch folder), state.py (what the parts
share: database, tokens, write lock, alert trigger), runner.py (uvicorn and the threads).
"""

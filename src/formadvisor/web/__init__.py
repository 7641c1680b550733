"""The web form, the report and the JSON API (FastAPI)."""

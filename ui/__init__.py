"""Streamlit-side helpers shared by app.py and the pages (the engine is in w2v_viz/)."""

"""The live views: for each, a typed data message built here in Python (no Streamlit) and
one JavaScript file beside it that draws the message in the browser, updating its own
nodes in place (``ui/live_view.py`` registers them as Streamlit components; every view's
script starts with the shared ``lib.js``: mount/teardown, writes-only-on-change, number
formatting, ticks, tooltips). Python sends numbers and labels, not pixels: scales, ticks,
log toggles and hover live in the browser."""

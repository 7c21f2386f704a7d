"""The dashboard: server-rendered pages (routes.py, templates/), charts as Vega-Lite specs built with
altair (charts.py) and drawn in the browser by the vendored vega-embed (static/vendor/)."""

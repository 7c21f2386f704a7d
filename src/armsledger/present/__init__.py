"""Presentation: the HTTP API and the dashboard (the CLI lives in armsledger.cli).

`Workbench` (workbench.py) is the library both call: every page and endpoint is one of its
methods, each a call into the ledger, reconcile and review stages. `create_app` (app.py) builds
the FastAPI application; `serve` (server.py) runs it with uvicorn.
"""

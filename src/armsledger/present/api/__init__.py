"""The JSON API under /api/v1 (routes.py), documented by OpenAPI at /openapi.json and /docs."""

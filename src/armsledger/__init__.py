"""armsledger: claims about arms transfers, production, use and stocks, read from open sources."""

__version__ = "0.1.0"

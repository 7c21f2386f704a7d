"""The extraction steps, each a spaCy component registered as `armsledger_<step>_v1`."""

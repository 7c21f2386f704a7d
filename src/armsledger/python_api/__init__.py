"""The Python API for notebooks and scripts (re-exported lazily by the `armsledger` package):

    import armsledger
    claims = armsledger.extract_text("North Korea sent 1,000 shells to Russia.", published="2024-06-14")
    with armsledger.open_ledger() as ledger:
        ledger.claims(supplier="North Korea", item="shells").to_pandas()
        ledger.estimate(supplier="PRK", recipient="RUS", item="artillery_shell", as_of="2024-06-30")

docs/python.md documents it.
"""

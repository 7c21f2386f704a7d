"""Codes: the actor, item and unit codes claims use, looked up by name or code.

    resolve_actor("North Korea")  # "PRK"  (also "Pyongyang", "prk", "KP")
    resolve_item("shells")        # "artillery_shell"
    resolve_unit("containers")    # "container"
    search_codes("actors", "korea")

Names come from the extractor's own alias data (armsledger.extract.reference) and pycountry,
so what `extract` recognises in a report is also what an option accepts. An unknown or
ambiguous value raises UnknownCodeError with suggestions; nothing is answered silently empty.
"""

from armsledger.codes.resolve import resolve_actor, resolve_item, resolve_unit
from armsledger.codes.tables import CODE_KINDS, CodeEntry, code_table, search_codes

__all__ = ["CODE_KINDS", "CodeEntry", "code_table", "resolve_actor", "resolve_item", "resolve_unit", "search_codes"]

"""Reading YAML data files: PyYAML's safe loader, in its C version (libyaml) when PyYAML was built with it.

The reference data (actors, companies, organisations, people…) is several thousand lines of YAML read by every
command that extracts or resolves a code; the pure-Python safe loader took about a second for it and the C loader a
tenth of that, with the same result (both use the same safe constructors and resolvers)."""

from __future__ import annotations

from typing import Any

import yaml

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """The value of a YAML document, with only YAML's plain types (like `yaml.safe_load`); raises yaml.YAMLError.
    A malformed document is read again by the pure-Python loader, whose error names the line where the problem
    starts (libyaml names the line where it noticed it: "actor: [" is wrong on line 1, not at the end)."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.YAMLError:
        return yaml.safe_load(text)

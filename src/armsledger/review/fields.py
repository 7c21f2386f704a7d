"""Which fields of a claim a review may correct, how a value typed by a person is read, and how a
set of corrections is applied to a schema Claim (validated by the Claim model itself)."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from armsledger.model import Claim
from armsledger.review.errors import ReviewError

_NULL_WORDS = {"", "null", "none", "-"}
_TRUE = {"true", "yes", "1", "y"}
_FALSE = {"false", "no", "0", "n"}


def _text(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return None if text.lower() in _NULL_WORDS else text


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None if value is None else float(value)
    if isinstance(value, (int, float)):
        return float(value)
    text = _text(value)
    return None if text is None else float(text.replace(",", "").replace("_", ""))


def _integer(value: Any) -> int | None:
    number = _number(value)
    if number is None:
        return None
    if not float(number).is_integer():
        raise ValueError(f"{value!r} is not a whole number")
    return int(number)


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"{value!r} is not yes or no")


def _words(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [w.strip() for w in str(value).replace(";", ",").split(",") if w.strip()]


def _actor(value: Any) -> str | None:
    from armsledger.codes import resolve_actor

    text = _text(value)
    return None if text is None else resolve_actor(text, option="actor")


def _item(value: Any) -> str | None:
    from armsledger.codes import resolve_item

    text = _text(value)
    return None if text is None else resolve_item(text, option="item")


def _unit(value: Any) -> str | None:
    from armsledger.codes import resolve_unit

    text = _text(value)
    return None if text is None else resolve_unit(text, option="unit")


def _date_text(value: Any) -> str | None:
    from armsledger.dates import parse_date

    text = _text(value)
    if text is None:
        return None
    day = parse_date(text, option="said_on")
    return day.isoformat() if day else None


def _removal(value: Any) -> None:
    if value is None or (isinstance(value, str) and value.strip().lower() in _NULL_WORDS):
        return
    raise ValueError("can only be set to null (to remove it); correct its fields one by one")


#: field path → reader of a value typed by a person or sent as JSON
CORRECTABLE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "kind": _text,
    "supplier": _actor,
    "recipient": _actor,
    "actor": _actor,
    "item": _item,
    "caliber_mm": _integer,
    "quantity": _removal,
    "quantity.value": _number,
    "quantity.value_high": _number,
    "quantity.qualifier": _text,
    "quantity.unit": _unit,
    "quantity.per": _text,
    "quantity.text": _text,
    "status": _text,
    "polarity": _text,
    "hedged": _boolean,
    "cues": _words,
    "certainty": _text,
    "said_on": _date_text,
    "by": _text,
    "financed_by": _actor,
    "deal": _text,
    "source": _removal,
    "source.name": _text,
    "source.role": _text,
    "source.org": _text,
    "source.country": _actor,
}


def parse_changes(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Corrections as the claim stores them: each field checked against CORRECTABLE_FIELDS and its
    value read (names to codes: "North Korea" → PRK, "shells" → artillery_shell; "null" removes)."""
    from armsledger.errors import OptionError

    if not changes:
        raise ReviewError("a correction needs at least one field=value", option="changes")
    parsed: dict[str, Any] = {}
    for name, value in changes.items():
        field = name.strip()
        reader = CORRECTABLE_FIELDS.get(field)
        if reader is None:
            raise ReviewError(
                f"{field!r} is not a field a review can correct; fields are: {', '.join(CORRECTABLE_FIELDS)}",
                option=field,
            )
        try:
            parsed[field] = reader(value)
        except OptionError as exc:
            raise ReviewError(f"{field}: {exc.message}", option=field) from None
        except (TypeError, ValueError) as exc:
            raise ReviewError(f"{field}: {exc}", option=field) from None
    return parsed


def apply_changes(claim: Claim, changes: Mapping[str, Any]) -> Claim:
    """`claim` with the corrections applied (ReviewError when the result is not a valid claim)."""
    data = claim.to_json_dict()
    for field, value in changes.items():
        head, _, tail = field.partition(".")
        if not tail:
            data[head] = value
            continue
        if data.get(head) is None:
            if value is None:
                continue
            if head == "quantity" and "quantity.value" not in changes:
                raise ReviewError("the claim states no quantity: give quantity.value to add one", option=field)
            data[head] = {"value": 0, "unit": "item", "qualifier": "exact", "text": ""} if head == "quantity" else {}
        data[head][tail] = value
    try:
        return Claim.model_validate(data)
    except ValidationError as exc:
        problem = exc.errors()[0]
        where = ".".join(str(p) for p in problem.get("loc", ())) or "claim"
        raise ReviewError(f"{where}: {problem['msg']}", option=where) from None


def current_values(claim: Claim, fields: list[str]) -> dict[str, Any]:
    """The values `fields` have in `claim` (the "before" of a correction, for the audit trail)."""
    data = claim.to_json_dict()
    out: dict[str, Any] = {}
    for field in fields:
        head, _, tail = field.partition(".")
        value = data.get(head)
        out[field] = value.get(tail) if tail and isinstance(value, dict) else (None if tail else value)
    return json.loads(json.dumps(out))

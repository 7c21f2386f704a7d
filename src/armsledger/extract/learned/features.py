"""What the claim filter sees of a proposed claim: its fields, the words around its figure, its sentence's words
and where it stands in the document, as a list of feature strings (one token each for a bag-of-words model)."""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

_WORD = re.compile(r"[a-z][a-z'\-]+")
_WIDE_GAP = re.compile(r"\S {3,}\S")
_NUMBERED = re.compile(r"\d+[.)] ")
_BULLETS = ("-", "•", "*", "–", "—", "·")
_ENDINGS = (".", '"', "”", "?", "!", ")")


def _bucket(value: float, cuts: tuple[float, ...]) -> int:
    for i, cut in enumerate(cuts):
        if value <= cut:
            return i
    return len(cuts)


def claim_features(claim: dict[str, Any], text: str, in_document: int, in_sentence: int) -> list[str]:
    """Feature strings of one claim (a SCHEMA dict with evidence offsets) proposed in `text`, where the rules
    proposed `in_document` claims in all and `in_sentence` from the same evidence."""
    evidence = claim.get("evidence") or {}
    ev = evidence.get("text") or ""
    quantity = claim.get("quantity") or None
    kind, item = claim.get("kind"), claim.get("item")
    roles = "".join("1" if claim.get(r) else "0" for r in ("supplier", "recipient", "actor"))
    out = [
        f"K_{kind}",
        f"I_{item}",
        f"KI_{kind}_{item}",
        f"ST_{claim.get('status')}",
        f"POL_{claim.get('polarity')}",
        f"HED_{int(bool(claim.get('hedged')))}",
        f"R_{kind}_{roles}",
        f"SUP_{claim.get('supplier')}",
        f"REC_{claim.get('recipient')}",
        f"ACT_{claim.get('actor')}",
    ]
    if claim.get("caliber_mm"):
        out.append("CAL")
    if quantity is None:
        out.append("QNONE")
    else:
        out.extend(_quantity_features(quantity, ev))
    source = claim.get("source") or None
    if source is None:
        out.append("SRC_none")
    else:
        out.append("SRC_" + "".join("1" if source.get(k) else "0" for k in ("name", "role", "org", "country")))
    out.append(f"SAID_{int(bool(claim.get('said_on')))}")
    out.extend(_layout_features(ev))
    start = evidence.get("start") or 0
    out.append(f"POS_{_bucket(start / max(len(text), 1), (0.05, 0.25, 0.6))}")
    out.append(f"NDOC_{_bucket(in_document, (3, 8, 16, 30))}")
    out.append(f"NSENT_{_bucket(in_sentence, (1, 2, 4))}")
    return out + _WORD.findall(ev.lower())


def _quantity_features(quantity: dict[str, Any], ev: str) -> list[str]:
    value = quantity.get("value") or 0
    out = [
        f"U_{quantity.get('unit')}",
        f"PER_{quantity.get('per')}",
        f"QL_{quantity.get('qualifier')}",
        f"MAG_{int(math.log10(max(abs(value), 1)))}",
    ]
    if quantity.get("value_high") is not None:
        out.append("RANGE")
    if 1900 <= value <= 2100 and float(value).is_integer():
        out.append("YEARLIKE")
    said = (quantity.get("text") or "").lower()
    at = ev.lower().find(said) if said else -1
    if at >= 0:
        left = _WORD.findall(ev[:at].lower())[-4:]
        right = _WORD.findall(ev[at + len(said) :].lower())[:4]
        out += [f"L_{w}" for w in left] + [f"R_{w}" for w in right]
        if left:
            out.append(f"L1_{left[-1]}")
        if right:
            out.append(f"R1_{right[0]}")
    else:
        out.append("QTNOTFOUND")
    return out + [f"QW_{w}" for w in _WORD.findall(said)]


def _layout_features(ev: str) -> list[str]:
    out = []
    stripped = ev.lstrip()
    if "|" in ev or _WIDE_GAP.search(ev):
        out.append("EV_table")
    if stripped[:1] in _BULLETS or _NUMBERED.match(stripped):
        out.append("EV_bullet")
    if stripped[:1] in "\"“‘'":
        out.append("EV_quote")
    if not ev.rstrip().endswith(_ENDINGS):
        out.append("EV_noend")
    out.append(f"EVLEN_{_bucket(len(ev), (60, 120, 200, 320))}")
    return out


def document_features(claims: list[dict[str, Any]], text: str) -> list[list[str]]:
    """Features of every claim the rules proposed in one document."""
    per_sentence = Counter((c.get("evidence") or {}).get("start") for c in claims)
    return [claim_features(c, text, len(claims), per_sentence[(c.get("evidence") or {}).get("start")]) for c in claims]

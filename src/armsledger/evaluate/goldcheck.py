"""Check a gold corpus against SCHEMA.md before it scores anything.

A gold line may give a list of acceptable values for an attribute the scorer compares
(qualifier, status, polarity, hedged, source fields, said_on, by); the claim's core (kind,
actors, item, unit, per, value) must be single values, because the scorer matches on them.
Every alternative is checked as if it were the only value. Evidence offsets can be filled
from the evidence text (`fix_offsets`), so writers need only copy the sentence."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

import pycountry
from pydantic import ValidationError

from armsledger.evaluate.gold import load_gold_corpus
from armsledger.model import Claim

GENRES = (
    "package_announcement",  # official aid or sale packages, usually with a bulleted list
    "sales_notice",  # notifications of a proposed sale (DSCA-style), contract awards
    "wire_story",  # agency copy quoting several sources
    "translated",  # pieces translated from Korean, Ukrainian, Russian, Japanese… outlets
    "analysis",  # long analyses and think-tank commentary full of numbers
    "transcript",  # Q&A, press briefings, interviews, hearings
    "table",  # tables or data notes rendered as text
    "factsheet",  # government fact sheets, timelines, explainers
    "feature",  # features, blogs, columns, opinion
    "parliamentary",  # written answers, committee reports, hearings records
)

# attributes the scorer compares, where a list of acceptable values is allowed
LISTABLE = {
    ("quantity", "qualifier"),
    ("status",),
    ("polarity",),
    ("hedged",),
    ("source", "name"),
    ("source", "role"),
    ("source", "org"),
    ("source", "country"),
    ("said_on",),
    ("by",),
}
BLOCS = {"EU", "NATO", "UN"}
SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass
class GoldReport:
    """What a check found: errors make the corpus unusable, warnings are worth a look."""

    documents: int = 0
    claims: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    genres: dict[str, int] = field(default_factory=dict)
    fixed: int = 0


def _alternatives(claim: dict) -> list[dict]:
    """Every single-valued reading of a claim whose listable attributes hold lists."""
    slots: list[tuple[tuple[str, ...], list]] = []
    for path in LISTABLE:
        value = _get(claim, path)
        if isinstance(value, list):
            slots.append((path, value or [None]))
    if not slots:
        return [claim]
    out = []
    for combo in product(*(values for _, values in slots)):
        alt = json.loads(json.dumps(claim))
        for (path, _), value in zip(slots, combo, strict=False):
            _set(alt, path, value)
        out.append(alt)
    return out[:64]


def _get(obj: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _set(obj: dict, path: tuple[str, ...], value) -> None:
    for key in path[:-1]:
        obj = obj[key]
    obj[path[-1]] = value


def _actor_ok(code) -> bool:
    if code is None or code in BLOCS:
        return True
    if not isinstance(code, str):
        return False
    if code.isupper() and len(code) == 3:
        return pycountry.countries.get(alpha_3=code) is not None or code == "XKX"
    return bool(SLUG.match(code))


@lru_cache(maxsize=1)
def _known_slugs() -> tuple[frozenset[str], dict[str, str]]:
    """The lexicon's slugs for companies and groups, and each of their names written as a slug → the lexicon's
    slug ("rapid_support_forces" → "rsf"), so one actor carries one code across gold files."""
    from armsledger.extract.reference import lexicon

    aliases = lexicon().actor_aliases
    codes = frozenset(c for c in aliases.values() if c.islower())
    by_name = {}
    for alias, code in aliases.items():
        slug = re.sub(r"[^a-z0-9]+", "_", alias.lower()).strip("_")
        if code.islower() and slug != code and slug not in codes:
            by_name[slug] = code
    return codes, by_name


def normalise_slugs(claim: dict) -> bool:
    """Rewrite an actor slug written from a name the lexicon knows under another slug; whether one changed."""
    _, by_name = _known_slugs()
    changed = False
    for role in ("supplier", "recipient", "actor", "financed_by"):
        value = claim.get(role)
        if isinstance(value, str) and value in by_name:
            claim[role] = by_name[value]
            changed = True
    return changed


def _check_claim(name: str, n: int, claim: dict, text: str, report: GoldReport) -> None:
    where = f"{name} claim {n}"
    for path in (
        ("kind",),
        ("supplier",),
        ("recipient",),
        ("actor",),
        ("item",),
        ("quantity", "unit"),
        ("quantity", "per"),
        ("quantity", "value"),
    ):
        if isinstance(_get(claim, path), list):
            report.errors.append(f"{where}: {'.'.join(path)} is a list; the scorer matches on it, give one value")
            return
    for alt in _alternatives(claim):
        try:
            Claim.model_validate({"doc": name, **alt})
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            report.errors.append(f"{where}: {loc}: {first['msg']}")
            return
    kind = claim.get("kind")
    roles = ("supplier", "recipient") if kind in ("transfer", "meeting") else ("actor",)
    for role in ("supplier", "recipient", "actor"):
        value = claim.get(role)
        if value is not None and role not in roles and not (kind == "meeting" and role == "actor"):
            report.errors.append(f"{where}: a {kind} claim has no {role} (got {value!r})")
        if not _actor_ok(value):
            report.errors.append(f"{where}: {role} {value!r} is not an alpha-3 code, a bloc or a lower-case slug")
        elif isinstance(value, str) and value in _known_slugs()[1]:
            report.warnings.append(
                f"{where}: {role} {value!r} is known as {_known_slugs()[1][value]!r} (--fix-offsets rewrites it)"
            )
    q = claim.get("quantity")
    if kind in ("production", "consumption", "stockpile", "quality") and not q:
        report.errors.append(f"{where}: a {kind} claim needs a quantity (SCHEMA rule 1)")
    if q:
        if q.get("unit") == "fraction" and not 0 <= q.get("value", 0) <= 1:
            report.errors.append(f"{where}: a fraction must lie between 0 and 1")
        if q.get("qualifier") == "range" and q.get("value_high") is None:
            report.errors.append(f"{where}: a range needs value_high")
        if q.get("value_high") is not None and q["value_high"] < q.get("value", 0):
            report.errors.append(f"{where}: value_high is below value")
        qtext = q.get("text") or ""
        ev_text = (claim.get("evidence") or {}).get("text", "")
        if qtext and qtext not in ev_text:
            report.warnings.append(f"{where}: quantity.text {qtext!r} is not in the evidence sentence")
    if kind == "quality" and q and q.get("unit") != "fraction":
        report.errors.append(f"{where}: a quality claim's unit is fraction")
    hedged, cues = claim.get("hedged"), claim.get("cues") or []
    if hedged is True and not cues:
        report.warnings.append(f"{where}: hedged but no cues given")
    if hedged is False and cues:
        report.warnings.append(f"{where}: cues given but not hedged")
    for key in ("said_on", "by"):
        value = claim.get(key)
        values = value if isinstance(value, list) else [value]
        for v in values:
            if v is not None and not (isinstance(v, str) and DAY.match(v)):
                report.errors.append(f"{where}: {key} {v!r} is not an ISO date or year prefix")
    ev = claim.get("evidence") or {}
    start, end, ev_text = ev.get("start"), ev.get("end"), ev.get("text")
    if not isinstance(ev_text, str) or not ev_text:
        report.errors.append(f"{where}: evidence.text is missing")
    elif not (isinstance(start, int) and isinstance(end, int) and text[start:end] == ev_text):
        report.errors.append(f"{where}: evidence offsets do not give evidence.text (run with --fix-offsets)")


def fix_offsets(claim: dict, text: str) -> bool:
    """Set evidence start/end from evidence.text when it occurs in the text; True when changed.
    When the text occurs several times the occurrence nearest the old offsets is taken."""
    ev = claim.get("evidence") or {}
    ev_text = ev.get("text")
    if not isinstance(ev_text, str) or not ev_text:
        return False
    start, end = ev.get("start"), ev.get("end")
    if isinstance(start, int) and isinstance(end, int) and text[start:end] == ev_text:
        return False
    hits = [m.start() for m in re.finditer(re.escape(ev_text), text)]
    if not hits:
        return False
    near = start if isinstance(start, int) else 0
    best = min(hits, key=lambda h: abs(h - near))
    ev["start"], ev["end"] = best, best + len(ev_text)
    claim["evidence"] = ev
    return True


def check_gold_corpus(gold_dir: str | Path, *, fix: bool = False) -> GoldReport:
    """Check every line of a gold corpus; with `fix`, rewrite gold.jsonl with evidence offsets filled."""
    folder, docs = load_gold_corpus(gold_dir)
    report = GoldReport(documents=len(docs))
    named = {d["doc"] for d in docs}
    for path in sorted(folder.glob("*.txt")):
        if path.name not in named:
            report.errors.append(f"{path.name}: a document with no line in gold.jsonl")
    seen: set[str] = set()
    for d in docs:
        name = d["doc"]
        if name in seen:
            report.errors.append(f"{name}: two lines in gold.jsonl")
        seen.add(name)
        unknown = set(d) - {"doc", "published", "claims", "genre", "notes", "source_language"}
        if unknown:
            report.errors.append(f"{name}: unknown keys {sorted(unknown)}")
        try:
            text = (folder / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            report.errors.append(f"{name}: cannot read the document ({exc})")
            continue
        published = d.get("published")
        try:
            date.fromisoformat(published) if published else None
        except (TypeError, ValueError):
            report.errors.append(f"{name}: published {published!r} is not an ISO date")
        genre = d.get("genre")
        if genre is not None and genre not in GENRES:
            report.errors.append(f"{name}: genre {genre!r} is not one of {', '.join(GENRES)}")
        report.genres[genre or "unspecified"] = report.genres.get(genre or "unspecified", 0) + 1
        for n, claim in enumerate(d.get("claims") or [], 1):
            report.claims += 1
            if fix and (fix_offsets(claim, text) | normalise_slugs(claim)):
                report.fixed += 1
            _check_claim(name, n, claim, text, report)
    if fix and report.fixed:
        gold_file = folder / "gold.jsonl"
        gold_file.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in docs), encoding="utf-8")
    return report

"""Find numeric expressions in text: digits, words, scales, money, vague amounts, ranges, fractions
and their qualifiers. Pure functions over a string; the quantities component maps them to tokens."""

from __future__ import annotations

import bisect
import itertools
import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

_UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {
    "dozen": 12,
    "hundred": 100,
    "thousand": 1_000,
    "thous": 1_000,
    "lakh": 100_000,
    "million": 1_000_000,
    "crore": 10_000_000,
    "billion": 1_000_000_000,
    "trillion": 1_000_000_000_000,
}
_SUFFIX_SCALES = {
    "k": 1_000,
    "m": 1_000_000,
    "mn": 1_000_000,
    "mln": 1_000_000,
    "mil": 1_000_000,  # translated copy: "1,8 mil. rounds"
    "bn": 1_000_000_000,
    "bln": 1_000_000_000,  # "35 bln dollars"
    "tis": 1_000,  # Czech and Slovak "tis.": "180 tis. rounds"
    "tys": 1_000,  # Polish and Ukrainian "tys."
    "mio": 1_000_000,  # German "1,1 Mio. Granaten"
    "mrd": 1_000_000_000,  # German "Mrd."
    "mld": 1_000_000_000,  # Polish, Romanian, Czech "mld."
    "b": 1_000_000_000,
    "tn": 1_000_000_000_000,
}
VAGUE = {  # SCHEMA rule 9: all at_least
    "tens of thousands": 10_000,
    "hundreds of thousands": 100_000,
    "tens of millions": 10_000_000,
    "hundreds of millions": 100_000_000,
    "dozens": 12,
    "scores": 20,
    "hundreds": 100,
    "thousands": 1_000,
    "millions": 1_000_000,
    "billions": 1_000_000_000,
}
FRACTIONS = {
    "half": 0.5,
    "a half": 0.5,
    "one half": 0.5,
    "a third": 0.333,
    "one third": 0.333,
    "one-third": 0.333,
    "two thirds": 0.667,
    "two-thirds": 0.667,
    "a quarter": 0.25,
    "one quarter": 0.25,
    "one-quarter": 0.25,
    "three quarters": 0.75,
    "three-quarters": 0.75,
    "a fifth": 0.2,
    "one fifth": 0.2,
    "one-fifth": 0.2,
    "a tenth": 0.1,
    "one in ten": 0.1,
    "one in five": 0.2,
    "one in three": 0.333,
    "one in four": 0.25,
    "two in three": 0.667,
    "nine in ten": 0.9,
    "every second": 0.5,
    "every third": 0.333,
    "every fourth": 0.25,
    "every fifth": 0.2,
    "every tenth": 0.1,
}
QUALIFIERS = {
    "approx": [
        "nearly",
        "almost",
        "about",
        "around",
        "roughly",
        "approximately",
        "some",
        "close to",
        "closer to",
        "nearer to",
        "something like",
        "an estimated",
        "estimated",
        "approx.",
        "approx",
        "circa",
        "c.",
        "~",
        "an approximate",
        "the equivalent of",
        "in the region of",
        "on the order of",
        "somewhere around",
        "just about",
        "upward of about",
    ],
    "at_least": [
        "at least",
        "more than",
        "over",
        "upwards of",
        "upward of",
        "in excess of",
        "no fewer than",
        "no less than",
        "well over",
        "just over",
        "above",
        "well above",
        "a minimum of",
        "at minimum",
        "beyond",
        "north of",
        "exceeding",
        "exceed",
        "exceeds",
        "exceeded",
        "surpassing",
        "not less than",
    ],
    "at_most": [
        "up to",
        "as many as",
        "as much as",
        "no more than",
        "fewer than",
        "less than",
        "under",
        "at most",
        "a maximum of",
        "not more than",
        "below",
        "just under",
        "a little under",
        "shy of",
    ],
}
_VERB_QUALIFIERS = {"exceeding", "exceed", "exceeds", "exceeded", "surpassing"}  # at_least, and still the verb
_QUAL_LOOKUP = {w: q for q, words in QUALIFIERS.items() for w in words}
_NEGATED_BEFORE = re.compile(r"\b(?:not|n't|never)\s+$", re.IGNORECASE)

_WORDNUM = r"(?:" + "|".join(sorted(list(_UNITS) + list(_SCALES), key=len, reverse=True)) + r")"
_DIGIT_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORDSEQ = (
    # "one point one billion", "four point eight million": a decimal said aloud
    rf"(?:{_WORDNUM}\s+point(?:\s+(?:{'|'.join(_DIGIT_WORDS)}))+(?:\s+(?:{'|'.join(_SCALES)}))?)|"
    rf"(?:{_WORDNUM}(?:(?:\s+and\s+a\s+half[\s-]+|\s+and\s+|[\s-]+){_WORDNUM})+|"
    rf"(?:a|one|half\s+a)\s+(?:{'|'.join(_SCALES)})|{_WORDNUM})"
    rf"(?:\s+and\s+a\s+half)?"
)
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_DIGITS = (
    r"(?:\d{1,2}(?:,\d{2})+,\d{3}(?!\d)"  # Indian grouping: 1,00,000
    r"|\d{1,3}(?:\.\d{3}){2,}(?![\d.])"  # dot grouping: 1.000.000
    rf"|\d{{1,3}}(?:{_GROUP_SPACE}\d{{3}})+(?:\.\d+)?(?![\d,.])"  # space grouping: 1 000 000, 18 904.2
    r"|(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
)
_SCALE_WORD = (
    r"(?:\s*(?:"
    + "|".join(_SCALES)
    + r")\b|(?:"
    + "|".join(sorted(_SUFFIX_SCALES, key=len, reverse=True))
    + r")\b|\s(?:bn|bln|mln|mn|mil|tis|tys|tn|mio|mrd|mld)\b)"
)
# "3bn", "5m"; spaced only where the letters cannot be a unit: "UAH 3 bn", "1,5 mln"
_DECIMAL_COMMA = r"\d{1,3},\d{1,2}(?![\d,])"  # "1,5 mln", "2,3 billion": a decimal comma, with a scale only
_BIG_SCALES = r"(?:trillion|billion|million|thousand|thous)"
# "7 billion 154 million", "5 million 200 thousand": a sum of scaled parts, written as translated copy writes them
_COMPOUND = rf"\d{{1,3}}\s+{_BIG_SCALES}(?:\s+\d{{1,3}}\s+{_BIG_SCALES})+\b"
_NUM = rf"(?:{_COMPOUND}|{_DECIMAL_COMMA}{_SCALE_WORD}|{_DIGITS}{_SCALE_WORD}?|{_WORDSEQ})"
_QUAL_RE = "|".join(re.escape(q) for q in sorted(_QUAL_LOOKUP, key=len, reverse=True))
# A number starts after no letter, digit, "." or ",", nor after a hyphen joined to a word ("KN-23");
# a hyphen standing alone before it ("-5,000") is a dash, not part of the number.
_START = r"(?:(?<![\w.,-])|(?<=(?<![\w.,-])-))"
# Money words that are more often something else after a number: "a 2,000-pound bomb", "500 pounds of explosive"
_NOT_MONEY_AFTER = {"pound", "pounds"}


@lru_cache(maxsize=4)
def _money_patterns(money_words: tuple[tuple[str, str], ...]) -> tuple[re.Pattern[str], dict[str, str]]:
    """The quantity pattern for a table of money words and signs (units.yaml `money_words`) and the table by lower
    case. Signs and codes may stand before the number ("NOK 3.5 billion", "NT$", "₩"), codes and words after it
    ("3.5 billion kroner", "23,622 crore rupees"); codes match in capitals only ("won 3 seats" is no sum)."""
    table = {k.lower(): v for k, v in money_words}
    words = sorted((k for k, _ in money_words), key=len, reverse=True)
    short = {k for k in words if k.isalpha() and not k.isupper() and k[:1].isupper() and len(k) <= 4}  # "Rs", "DKr"
    signs = [re.escape(k) for k in words if not k.isalpha()] + [rf"(?-i:{re.escape(k)})" for k in words if k in short]
    codes = [re.escape(k) for k in words if k.isalpha() and k.isupper()]
    names = [
        re.escape(k)
        for k in words
        if k.isalpha() and k not in short and not k.isupper() and k.lower() not in _NOT_MONEY_AFTER
    ]
    pre = rf"(?P<cur>(?:{'|'.join(signs)}|(?-i:{'|'.join(codes)}))\s?)"
    post = rf"(?P<curpost>[\s-]+(?:US\s+)?(?:{'|'.join(names)}|(?-i:{'|'.join(codes)}))\b)"
    pattern = re.compile(
        rf"{_START}(?:(?P<qual>{_QUAL_RE})\s+)?"
        rf"(?:(?P<between>between)\s+)?"
        rf"{pre}?(?P<n1>{_NUM})"
        rf"(?:\s*(?P<rsep>-|–|—|to|and)\s*(?:{pre.replace('cur', 'cur2')})?(?P<n2>{_NUM}))?"
        rf"(?P<plus>\+|-plus|\s+or\s+more|\s+plus\b)?"
        rf"{post}?(?![\w])",
        re.I,
    )
    return pattern, table


def quantity_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """The quantity pattern and money table of the lexicon in use."""
    from armsledger.extract.reference import lexicon

    return _money_patterns(tuple(lexicon().units_file.money_words.items()))


VAGUE_RE = re.compile(
    r"(?<![\w-])(?:(?P<qual>"
    + _QUAL_RE
    + r")\s+)?(?P<vague>(?:several|a\s+few|many)\s+(?:hundred|thousand|million)|"
    + "|".join(re.escape(v) for v in sorted(VAGUE, key=len, reverse=True))
    + r")(?![\w])",
    re.I,
)
_OF_A_SCALE = re.compile(r"\s+an?\s+(?:million|billion|thousand|hundred|dozen)\b", re.I)
FRACTION_RE = re.compile(
    r"(?<![\w-])(?:(?P<qual>"
    + _QUAL_RE
    + r")\s+)?(?:(?P<frac>"
    + "|".join(re.escape(f) for f in sorted(FRACTIONS, key=len, reverse=True))
    + r")|(?P<pct>\d+(?:\.\d+)?)\s*(?:%|per\s*cent|percent))(?![\w])",
    re.I,
)


@dataclass
class NumberMatch:
    """A numeric expression found in text, with character offsets."""

    start: int
    end: int
    value: float
    value_high: float | None
    qualifier: str
    money: str | None = None  # "usd" / "eur" when a currency marks it
    fraction: bool = False
    vague: bool = False
    has_scale: bool = False
    text: str = ""


_DOT_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_YEARS_BEFORE = re.compile(r"\b(?:in|from|during|between|for|over|by|until|through)\s+(?:the\s+)?$", re.I)
_YEAR = re.compile(r"(?:18|19|20)\d\d")
_YEAR_SPAN = re.compile(r"(?:19|20)\d\d\s?[-–—/]\s?(?:19|20)\d\d")
_ABBREVIATED_SCALE = re.compile(r"(?<![a-z])(?:thous|mil|mln|bln|tis|tys|mio|mrd|mld)$", re.I)
_SCALE_STOP = re.compile(
    r"(?<=\d)(\s?(?:thous|mil|mln|bln|tis|tys|mio|mrd|mld))\.(?=\s+(?:[a-z]|(?-i:Euro|EUR|USD|Dollar|Kronen)))", re.I
)
_DOT_THOUSANDS = re.compile(r"[1-9]\d{0,2}\.\d{3}")  # one dot group and no scale: a thousands separator
_SPACE_GROUPED_ONCE = re.compile(r"\d{1,3} \d{3}")
# Verbs whose particle "over" stands before a number without meaning "more than": "handed over 120 guns"
_PHRASAL_BEFORE = re.compile(
    r"\b(?:hand(?:s|ed|ing)?|turn(?:s|ed|ing)?|pass(?:es|ed|ing)?|sign(?:s|ed|ing)?)\s+$", re.I
)
_CALIBRE_AFTER = re.compile(r"\s*-?\s*(?:mm|millimet(?:re|er)s?|cal(?:ibre|iber)?)\b", re.I)
_MONTH_BEFORE = re.compile(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+$", re.I)


def unstop_scales(text: str) -> str:
    """`text` without the full stop of an abbreviated scale inside a sentence ("210 thous. shells" →
    "210 thous shells"), so the parser does not end the sentence there. Only the model reads this text:
    evidence keeps the document's own characters."""
    return _SCALE_STOP.sub(lambda m: m.group(1), text)


def parse_number(s: str) -> tuple[float, bool] | None:
    """Value of one number expression ("5 million", "1.5m", "three hundred thousand"); and whether a scale was given."""
    s = s.strip().lower().replace("–", "-")
    s = re.sub(r"^(\d{1,3}),(\d{1,2})(?=\s*[a-z])", r"\1.\2", s)  # "1,5 mln"
    parts = re.findall(r"(\d{1,3})\s+([a-z]+)", s)
    if len(parts) > 1 and re.fullmatch(r"(?:\d{1,3}\s+[a-z]+\s*)+", s):
        scales = [f for f in (_SCALES.get(w) for _, w in parts) if f]
        if len(scales) == len(parts) and all(a > b for a, b in itertools.pairwise(scales)):
            return float(sum(int(n) * f for (n, _), f in zip(parts, scales, strict=True))), True
    m = re.fullmatch(rf"({_DIGITS})\s*([a-z]+)?", s)
    if m:
        digits = m.group(1)
        if _DOT_GROUPED.fullmatch(digits) or (not m.group(2) and _DOT_THOUSANDS.fullmatch(digits)):
            digits = digits.replace(".", "")  # "1.000.000"; "700.000 shells" in translated copy is 700,000
        value = float(re.sub(_GROUP_SPACE + "|,", "", digits))
        scale = m.group(2)
        if scale:
            factor = _SCALES.get(scale) or _SUFFIX_SCALES.get(scale)
            if factor is None:
                return None
            return value * factor, True
        return value, False
    words = re.split(r"[\s-]+", s)
    if "point" in words:  # "one point one billion": the words before, then the digits after the point
        at = words.index("point")
        whole = parse_number(" ".join(words[:at]))
        decimals = [w for w in words[at + 1 :] if w in _DIGIT_WORDS]
        scale_words = [w for w in words[at + 1 :] if w in _SCALES]
        if whole is None or not decimals:
            return None
        fraction = float("0." + "".join(str(_DIGIT_WORDS.index(d)) for d in decimals))
        if scale_words:
            return (whole[0] + fraction) * _SCALES[scale_words[0]], True
        return whole[0] + fraction, whole[1]
    half = False
    if words[-3:] == ["and", "a", "half"]:
        words, half = words[:-3], True
    total, current, has_scale = 0.0, 0.0, False
    for w in words:
        if w in ("and",):
            continue
        if w in ("a", "one") and current == 0:
            current = 1.0  # floats throughout: "hundred hundred …" overflows to inf, not to a huge int
            continue
        if w == "half":
            current += 0.5  # "half a million", "two and a half million"
            continue
        if w == "a" and current:
            continue  # "two and a half", "half a million"
        if w in _UNITS:
            current += _UNITS[w]
        elif w == "hundred":
            current = (current or 1.0) * 100.0
        elif w == "dozen" and current:
            current *= 12
        elif w in _SCALES:
            has_scale = True
            current = (current or 1) + (0.5 if half else 0)
            half = False
            total += current * _SCALES[w]
            current = 0
        else:
            return None
    return total + current + (0.5 if half else 0), has_scale


def _currency(table: dict[str, str], *marks: str | None) -> str | None:
    """The ISO 4217 code (lower case) of the first money mark given: "$", "US dollars", "NOK", "₩", "crore rupees"."""
    for mark in marks:
        if not mark:
            continue
        m = re.sub(r"^[\s-]*(?:us\s+(?=\w))?", "", mark.strip().lower())
        if m in table:
            return table[m]
    return None


def _overlaps(spans: list[tuple[int, int]], ends: list[int], n: NumberMatch) -> bool:
    """Whether `n` overlaps one of `spans` (sorted, not overlapping each other; `ends` their ends)."""
    i = bisect.bisect_right(ends, n.start)
    return i < len(spans) and spans[i][0] < n.end


def find_numbers(text: str) -> list[NumberMatch]:
    """All numeric expressions in `text`, longest first where they overlap, in text order."""
    found: list[NumberMatch] = []
    pattern, money_table = quantity_pattern()
    blocked: list[tuple[int, int]] = []  # spans that are no quantity at all ("250 %")
    pos = 0
    while (m := pattern.search(text, pos)) is not None:
        pos = m.end() if m.end() > m.start() else m.start() + 1
        if _SPACE_GROUPED_ONCE.match(m.group("n1")) and _MONTH_BEFORE.search(text, max(0, m.start() - 12), m.start()):
            pos = m.start("n1") + m.group("n1").index(" ")  # "June 3 500 shells": a day, then 500
            continue
        if _SPACE_GROUPED_ONCE.match(m.group("n1")) and _CALIBRE_AFTER.match(text, m.end("n1")):
            # "120 240 mm rocket launchers": a count, then a calibre
            cut = m.start("n1") + m.group("n1").index(" ")
            qualifier = _QUAL_LOOKUP.get((m.group("qual") or "").lower(), "exact")
            found.append(
                NumberMatch(
                    m.start(), cut, float(text[m.start("n1") : cut]), None, qualifier, text=text[m.start() : cut]
                )
            )
            pos = cut
            continue
        n1 = parse_number(m.group("n1"))
        if n1 is None:
            continue
        value, scaled = n1
        high = None
        qualifier = _QUAL_LOOKUP.get((m.group("qual") or "").lower(), "exact")
        phrasal = m.group("qual") is not None and _PHRASAL_BEFORE.search(text, max(0, m.start() - 20), m.start())
        if phrasal and m.group("qual").lower() in ("over", "above"):
            qualifier = "exact"  # "handed over 120 guns": the verb's particle, not "more than"
        elif (m.group("qual") or "").lower() in _VERB_QUALIFIERS and _NEGATED_BEFORE.search(
            text, max(0, m.start() - 12), m.start()
        ):
            qualifier = "at_most"  # "does not exceed 7,000 rounds": a ceiling, not a floor
        end = m.end()
        if m.group("n2") is not None:
            sep = m.group("rsep").lower()
            n2 = parse_number(m.group("n2"))
            is_range = n2 is not None and (sep in ("-", "–", "—", "to") or m.group("between"))
            if is_range and sep == "and" and not m.group("between"):
                is_range = False
            if is_range and re.fullmatch(r"(?:19|20)\d\d", m.group("n1")) and m.group("cur2") and not m.group("cur"):
                is_range = False  # "Sept. 26, 2024 – $375 million": a date, then a sum, read on its own
                pos = m.start("cur2")
            if is_range and n2 is not None:
                high, high_scaled = n2
                if high_scaled and not scaled and value < high:
                    # "between 1 and 1.5 million": the scale applies to both ends
                    for factor in (1_000_000_000, 1_000_000, 1_000):
                        if high >= factor and value * factor <= high:
                            value *= factor
                            break
                if high <= value:
                    is_range = False
                    high = None
            if not is_range:
                high = None
                end = m.end("n1")
                if sep == "and" and _YEAR.fullmatch(m.group("n1")):
                    pos = min(pos, m.start("rsep"))  # "in 2022 and 13 MiG-29 fighters": the second is read on its own
            else:
                qualifier = "range"
                scaled = scaled or high_scaled
        if m.group("plus") and high is None:
            qualifier = "at_least"
        money = _currency(
            money_table, m.group("cur"), m.group("curpost"), m.group("cur2") if high is not None else None
        )
        if high is None and m.group("curpost") and end < m.end():
            end = m.end()
        elif high is None and m.group("plus"):
            end = max(end, m.end("plus"))
        elif high is not None:
            end = m.end()
        if end < len(text) and text[end] == "." and _ABBREVIATED_SCALE.search(text, max(0, end - 6), end):
            end += 1  # "1,8 mil. rounds", "210 thous. shells": the abbreviation's full stop belongs to the number
        start = m.start()
        if (phrasal and qualifier == "exact") or (m.group("qual") or "").lower() in _VERB_QUALIFIERS:
            # "handed over 120 guns"; "has exceeded EUR 700 million": the verb stays the clause's verb
            start = m.start("cur") if m.group("cur") else m.start("n1")
        if (
            high is not None
            and not scaled
            and money is None
            and all(v.is_integer() and 1990 <= v <= 2045 for v in (value, high))
            and (
                _YEARS_BEFORE.search(text, max(0, start - 12), start)
                or m.group("between")
                # "Output of selected munitions, 2022-2024": two plain years close together
                or (_YEAR_SPAN.fullmatch(text[start:end]) and 0 < high - value <= 10)
            )
        ):
            continue  # "delivery in 2025–2026", "between 2026 and 2028": a span of years, not a count
        if not math.isfinite(value) or (high is not None and not math.isfinite(high)):
            continue  # "1" and 400 zeros: no count anyone reports
        # (rounded: "4.1 bn" is 4,100,000,000, not 4,099,999,999.9999995)
        value, high = round(value, 6), round(high, 6) if high is not None else None
        found.append(NumberMatch(start, end, value, high, qualifier, money, has_scale=scaled, text=text[start:end]))
    for m in VAGUE_RE.finditer(text):
        phrase = re.sub(r"\s+", " ", m.group("vague").lower())
        value = VAGUE[phrase] if phrase in VAGUE else _SCALES[phrase.split()[-1]]
        found.append(
            NumberMatch(m.start(), m.end(), value, None, "at_least", vague=True, has_scale=True, text=m.group(0))
        )
    for m in FRACTION_RE.finditer(text):
        if m.group("frac") and _OF_A_SCALE.match(text, m.end()):
            continue  # "half a billion euros": a count, not a share
        if m.group("frac"):
            value = FRACTIONS[re.sub(r"\s+", " ", m.group("frac").lower())]
        else:
            value = round(float(m.group("pct")) / 100, 4)
            if not 0 <= value <= 1:
                blocked.append((m.start(), m.end()))  # "250 %" is a growth rate, not a share of a whole
                continue
        qualifier = _QUAL_LOOKUP.get((m.group("qual") or "").lower(), "exact")
        found.append(NumberMatch(m.start(), m.end(), value, None, qualifier, fraction=True, text=m.group(0)))
    if blocked:
        ends = [b_end for _, b_end in blocked]
        found = [n for n in found if not _overlaps(blocked, ends, n)]
    found.sort(key=lambda n: (n.start, -(n.end - n.start)))
    kept: list[NumberMatch] = []
    for n in found:
        if kept and n.start < kept[-1].end:
            prev = kept[-1]
            if (n.end - n.start) > (prev.end - prev.start) and not prev.fraction:
                kept[-1] = n
            continue
        kept.append(n)
    return _merge_restated(text, kept)


_RESTATED = re.compile(r"\s*\(\s*$")


def _merge_restated(text: str, found: list[NumberMatch]) -> list[NumberMatch]:
    """ "twenty (20) F-16 aircraft", "one hundred twelve (112) bombs": a number written out and then restated in
    figures in brackets is one number, ending after the bracket."""
    out: list[NumberMatch] = []
    for n in found:
        prev = out[-1] if out else None
        if (
            prev is not None
            and n.value == prev.value
            and n.value_high is None
            and prev.value_high is None
            and _RESTATED.fullmatch(text, prev.end, n.start)
            and text.startswith(")", n.end)
        ):
            out[-1] = replace(prev, end=n.end + 1, text=text[prev.start : n.end + 1])
            continue
        out.append(n)
    return out

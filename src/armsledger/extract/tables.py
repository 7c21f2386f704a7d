"""Tables rendered as text (pipes, tabs or aligned columns): each row's figures become claims.

A column's header says what it holds (data/tables.yaml): who supplies, receives or produces, which item,
or a figure and what kind of figure ("Delivered (units)", "2025 rate", "Value (EUR m)"). What the
headers leave unsaid (the supplier of a list of sales, the actor of a table of launches, the rate
period) comes from the text that introduces the table. Rows are read cell by cell; the claim's
evidence is the row."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import pairwise

from spacy.language import Language

from armsledger.extract.components.items import item_for_caliber
from armsledger.extract.context import mixed_case, vague_speaker
from armsledger.extract.datafiles import TablesFile
from armsledger.extract.intermediates import ClaimQuantity, SentenceClaim, SourceInfo
from armsledger.extract.numbers import find_numbers
from armsledger.extract.patterns import longest_organisation
from armsledger.extract.reference import actor_slug, derived, general_item, lexicon, load_data_file
from armsledger.model import is_money_unit

PIPE_ROW = re.compile(r"\|")
SEPARATOR = re.compile(r"^[\s|:+\-–—=]+$")
SPACED_GAP = re.compile(r"\S(\s{2,})\S")
BY_YEAR = re.compile(r"\bby\s+((?:19|20)\d\d)\b", re.I)
YEAR_IN_BRACKETS = re.compile(r"\(((?:19|20)\d\d)\)")
YEAR_CELL = re.compile(r"(?:19|20)\d\d")
YEARS_CELL = re.compile(r"(?:19|20)\d\d(?:\s*[-–/]\s*(?:(?:19|20)?\d\d)?)?")  # "2022-2024", "2024–"
FLOW_CELL = re.compile(r"^(?P<supplier>.+?)\s*(?:->|→|⇒|=>|–>|—>)\s*(?P<recipient>.+)$")  # "Iran -> Russia"
MONEY_CELL = re.compile(r"^[~≈]?\s*[A-Z]{3}\s+\d")  # "EUR 13.1 m", "~USD 9.5 bn": a currency code before a sum
BRACKETS = re.compile(r"\s*\([^()]*\)")
EXCLUDED = re.compile(r"\((?:excl\.?|excluding|except|not including|without)\b[^()]*\)", re.I)
BRACKETED = re.compile(r"^\(\s*[\d,.]+\s*\)$")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
# "14/15 Jan", "7 Mar", "Sept. 29", "29 June 2025": a day, not a count
DATE_CELL = re.compile(
    rf"^\s*(?:\d{{1,2}}(?:\s*[/–-]\s*\d{{1,2}})?\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}(?:\s*[/–-]\s*\d{{1,2}})?)(?:,?\s+\d{{4}})?\s*$",
    re.IGNORECASE,
)


@dataclass
class Column:
    header: str
    start: int  # character position in the header line (aligned tables)
    role: str | None = None  # supplier / recipient / producer / country / item / skip / figure


@dataclass
class Table:
    """A table block: its columns and its rows as (line start, line end, cells by column index)."""

    columns: list[Column]
    rows: list[tuple[int, int, dict[int, str]]] = field(default_factory=list)
    header_start: int = 0
    groups: list[str | None] = field(default_factory=list)  # each row's group heading ("China" over "R: Serbia")


@derived
def table_words() -> TablesFile:
    """The table vocabulary (data/tables.yaml, or the override folder's copy)."""
    import os
    from pathlib import Path

    from armsledger.extract.reference import _DATA_DIR_ENV

    chosen = os.environ.get(_DATA_DIR_ENV)
    return load_data_file("tables", Path(chosen) if chosen else None)  # type: ignore[return-value]


def _kind_of_line(line: str, inside: bool = False) -> str | None:
    """A line's layout: "separator", "pipe", "tab", "csv" (comma-separated values), "semi" (semicolons) or "spaced"
    (aligned columns), else None.
    `inside` a table, a row may be indented further ("     Value of deliveries   EUR 13.1 m   EUR 52.4 m" under the
    items)."""
    if not line.strip():
        return None
    if SEPARATOR.match(line):
        return "separator"
    if line.count("|") >= 2:
        return "pipe"
    if line.count("\t") >= 2:
        return "tab"
    if _csv_row(line):
        return "csv"  # a spreadsheet exported as comma-separated values: "113,Canada,NASAMS,Air defence system,1,406"
    if line.count(";") >= 3 and all(len(part) <= 80 for part in line.split(";")):
        return "semi"  # a spreadsheet's rows pasted as text: "2024-11-15;USA;TWN;M142 HIMARS launchers;11;item"
    if len(SPACED_GAP.findall(line)) >= 2 and (inside or not line.startswith(("     ", "\t"))):
        return "spaced"  # aligned columns, the block indented by at most four spaces
    return None


def _cells(line: str, kind: str) -> list[tuple[int, str]]:
    """(start, text) of each cell of a row."""
    if kind == "pipe":
        out, pos = [], 0
        for part in line.split("|"):
            if part.strip():
                out.append((pos + len(part) - len(part.lstrip()), part.strip()))
            pos += len(part) + 1
        return out
    if kind == "csv":
        return _csv_cells(line)
    if kind in ("tab", "semi"):
        out, pos = [], 0
        for part in line.split("\t" if kind == "tab" else ";"):
            out.append((pos, part.strip()))
            pos += len(part) + 1
        return out
    return [(m.start(), m.group(0).strip()) for m in re.finditer(r"\S+(?:\s\S+)*", line)]


def _csv_cells(line: str) -> list[tuple[int, str]]:
    """(start, text) of each field of a comma-separated row, a quoted field without its quotes ("a, b" holds a
    comma)."""
    out: list[tuple[int, str]] = []
    start, quoted = 0, False
    for pos, ch in enumerate(line + ","):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            field = line[start:pos]
            lead = len(field) - len(field.lstrip())
            out.append((start + lead, field.strip().strip('"').strip()))
            start = pos + 1
    return out


def _csv_row(line: str) -> bool:
    """Whether a line is a row of comma-separated values: four fields or more, the commas not followed by a space
    as prose's are, the line not a run of digits grouped by commas ("1,000,000") nor aligned in columns."""
    bare = line.strip()
    if bare.count(",") < 3 or bare.startswith("#") or bare.count('"') % 2:
        return False
    seps, spaced, quoted = 0, 0, False
    for pos, ch in enumerate(bare):
        if ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            seps += 1
            spaced += bare[pos + 1 : pos + 2] == " "
    fields = [t for _, t in _csv_cells(bare)]
    grouped = sum(1 for a, b in pairwise(fields) if a[-1:].isdigit() and re.match(r"\d{3}(?!\d)", b))
    return (
        seps >= 3
        and spaced <= seps // 4
        and grouped < seps // 2
        and not SPACED_GAP.search(bare)  # aligned columns whose figures are grouped by commas ("6,000   14,500")
        and any(re.search(r"[A-Za-z]", t) for t in fields)
    )


def _pipe_positions(line: str) -> set[int]:
    return {i for i, ch in enumerate(line) if ch == "|"}


def _pipe_parts(line: str) -> list[tuple[int, str]]:
    """(start, text) of every cell of a pipe row, empty ones included (not the edges outside the outer pipes)."""
    parts, pos = [], 0
    for part in line.split("|"):
        parts.append((pos + len(part) - len(part.lstrip()), part.strip()))
        pos += len(part) + 1
    bare = line.strip()
    if bare.startswith("|"):
        parts = parts[1:]
    if bare.endswith("|"):
        parts = parts[:-1]
    return parts


def _row_cells(columns: list[Column], header: str, line: str, kind: str) -> dict[int, str]:
    """A row's cells by column. A pipe row aligned with its header (its pipes where the header's are, some missing
    where a cell spans columns: "| Subtotal, rows 1-2            | 396 |") is read by position; one with as many
    cells as the header, empty ones included, by index; else its non-empty cells in order."""
    if kind != "pipe":
        return _assign(columns, _cells(line, kind), kind)
    header_pipes, pipes = _pipe_positions(header), _pipe_positions(line)
    near = {p for p in pipes if {p - 1, p, p + 1} & header_pipes}  # (a hand-aligned row may be one off)
    if pipes and near == pipes and len(pipes) < len(header_pipes):
        return _assign(columns, [(p, t) for p, t in _pipe_parts(line) if t], "spaced")
    parts = _pipe_parts(line)
    if len(parts) == len(_pipe_parts(header)) == len(columns):
        return {i: t for i, (_, t) in enumerate(parts) if t}
    return _assign(columns, _cells(line, kind), kind)


def find_tables(text: str) -> list[Table]:
    """The table blocks of a text: a header row followed by at least two rows of the same layout."""
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line), line))
        pos += len(line) + 1
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        kind = _kind_of_line(lines[i][2])
        if kind not in ("pipe", "tab", "spaced", "semi", "csv"):
            i += 1
            continue
        block = [i]
        j = i + 1
        continued: list[int] = []  # a header's second line: "(rounds)   (rounds)   pledged (%)" under its columns
        while (
            j < len(lines)
            and len(continued) < 2
            and _kind_of_line(lines[j][2]) is None
            and lines[j][2].strip()
            and not any(ch.isdigit() for ch in lines[j][2])
            and len(lines[j][2].split()) <= 12
        ):
            continued.append(j)
            j += 1
        if continued and not (j < len(lines) and _kind_of_line(lines[j][2]) in (kind, "separator")):
            j, continued = i + 1, []
        if not continued:
            # a header over two or three lines of the same layout, ruled off below: "Supplier/ … No." over "recipient
            # (R)  ordered", "| ML3 ammunition |" over "| (CZK million) |"
            more = 0
            while (
                more < 2
                and j + more < len(lines)
                and _kind_of_line(lines[j + more][2]) == kind
                and not any(ch.isdigit() for ch in lines[j + more][2].replace("ML", "").split("|")[0])
                and not _digits_in_cells(lines[j + more][2])
            ):
                more += 1
            if more and j + more < len(lines) and _kind_of_line(lines[j + more][2]) == "separator":
                continued.extend(range(j, j + more))
                j += more
        groups: dict[int, str] = {}  # line -> the group heading over the rows below it
        group: str | None = None
        while j < len(lines):
            line_kind = _kind_of_line(lines[j][2], inside=kind == "spaced")
            if line_kind in (kind, "separator"):
                if line_kind == kind:
                    groups[j] = group  # type: ignore[assignment]
                block.append(j)
                j += 1
                continue
            if _group_heading(lines[j][2]) and j + 1 < len(lines) and _kind_of_line(lines[j + 1][2], True) == kind:
                group = lines[j][2].strip()  # "China" above its rows in a register grouped by supplier
                j += 1
                continue
            break
        data = [k for k in block[1:] if _kind_of_line(lines[k][2], inside=kind == "spaced") == kind]
        header_cells = _cells(lines[i][2], kind)
        if len(data) >= 2 and len(header_cells) >= 2 and not any(c.isdigit() for _, c in header_cells[:1]):
            columns = [Column(h.replace("_", " "), s) for s, h in header_cells]  # "value_orig_m": "value orig m"
            for k in continued:
                parts = _pipe_parts(lines[k][2]) if kind == "pipe" else []
                if parts and len(parts) == len(columns):
                    below = {col: text for col, (_, text) in enumerate(parts) if text}
                else:
                    below = _assign(columns, _cells(lines[k][2], "spaced"), "spaced")
                for col, text in below.items():
                    columns[col].header = f"{columns[col].header} {text}"
            table = Table(columns, header_start=lines[i][0])
            for k in data:
                s, e, line = lines[k]
                table.rows.append((s, e, _row_cells(table.columns, lines[i][2], line, kind)))
                table.groups.append(groups.get(k))
            tables.append(table)
        i = j
    return tables


def _digits_in_cells(line: str) -> bool:
    """Whether a row holds a figure: a cell that is a number ("| 3 120 |"), not a header's "ML3 ammunition"."""
    return any(re.fullmatch(r"[(~≈]?\s*[\d][\d ,.]*\)?", cell.strip()) for cell in re.split(r"\||\s{2,}", line))


def _group_heading(line: str) -> bool:
    """A line that heads a group of a table's rows: a short name alone, unindented ("China", "United States")."""
    bare = line.strip()
    return (
        bool(bare)
        and not line[:1].isspace()
        and len(bare.split()) <= 4
        and bare[:1].isupper()
        and not any(ch.isdigit() for ch in bare)
        and not bare.endswith((":", "."))
    )


def _assign(columns: list[Column], cells: list[tuple[int, str]], kind: str) -> dict[int, str]:
    if kind in ("pipe", "tab", "semi", "csv"):
        return {i: text for i, (_, text) in enumerate(cells) if i < len(columns)}
    out: dict[int, str] = {}
    starts = [c.start for c in columns]
    for start, text in cells:
        # the column whose header starts at or just before the cell (aligned right-justified numbers
        # start after their header), else the nearest
        candidates = [i for i, s in enumerate(starts) if s <= start + 2]
        idx = candidates[-1] if candidates else min(range(len(starts)), key=lambda i: abs(starts[i] - start))
        out[idx] = (out[idx] + " " + text).strip() if idx in out else text
    return out


def _has(words: frozenset[str] | list[str], header: str) -> str | None:
    low = f" {header.lower()} "
    for w in sorted(words, key=len, reverse=True):
        if re.search(rf"(?<![\w]){re.escape(w.lower())}(?![\w])", low):
            return w
    return None


def _nearest_cue(groups: dict[str, list[str]] | dict[str, frozenset[str]], text: str) -> str | None:
    """The group of the cue nearest a table: the line nearest it that has one, and in that line the first cue
    ("Deliveries to Ukraine … from the stocks of the Armed Forces" is of deliveries, not of stocks)."""
    for line in reversed(text.split("\n")):
        if not line.strip():
            continue
        low = f" {line.lower()} "
        found = []
        for group, cues in groups.items():
            for w in cues:
                m = re.search(rf"(?<![\w]){re.escape(w.lower())}(?![\w])", low)
                if m is not None:
                    found.append((m.start(), -len(w), group))
        if found:
            return min(found)[2]
    return None


def _bracket_scale(scales: dict[str, float], text: str) -> float | None:
    """The scale a bracketed note gives counts ("(thousand rounds)", "('000)", "(in thousands)")."""
    for note in re.findall(r"\(([^()]{1,40})\)", text.lower()):
        words = note.replace("in ", " ").split()
        if words and words[0] in scales:
            return scales[words[0]]
    return None


@dataclass
class TableFrame:
    """What the text introducing a table says: its kind, status, rate period, actors and item."""

    kind: str | None = None
    status: str | None = None
    per: str | None = None
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    item: str | None = None
    source: SourceInfo | None = None
    scale: float | None = None  # "(thousand rounds)" in the caption: the counts are in thousands
    caption_per: str | None = None  # the rate the caption itself gives ("rounds fired per day, average over period")
    # "… by country of destination, 2023 (CZK million, current prices)": every figure is a sum in that currency, scaled
    currency: str | None = None
    money_scale: float | None = None
    record: str | None = (
        None  # the state whose body the document is a record of ("MINISTRY OF NATIONAL DEFENCE – ROMANIA")
    )
    #: the states the document names anywhere (in its notes, say): one that supplies nothing in a table of donors
    #: is the recipient ("bought from US govt for transfer to Ukraine" under rows of donors)
    named: frozenset[str] = frozenset()
    #: the company whose document it is (its fact sheet, its results): the seller in a table of its customers
    host: str | None = None


SOURCE_LINE = re.compile(
    r"(?:\bsources?:|\bdata:|compiled from|based on|drawn from|according to)\s*(?:the\s+)?"
    r"(?:(?:daily|monthly|weekly|annual)\s+)?(?:reports?\s+of\s+(?:the\s+)?)?([^.;\n]{3,120})",
    re.I,
)


def source_of(intro: str) -> SourceInfo | None:
    """The body a table's introduction names as its source ("compiled from the daily reports of the Air Force
    of the Armed Forces of Ukraine", "Source: SIPRI Arms Transfers Database")."""
    lex = lexicon()
    for m in SOURCE_LINE.finditer(intro):
        found = longest_organisation(m.group(1).lower())
        if found is not None:
            phrase = found.group(0)
            country = lex.organisations[phrase] or lex.organisation_fallback.get(phrase)
            return SourceInfo(
                org=m.group(1)[found.start() : found.end()],
                country=country,
                canonical=lex.organisation_canonical.get(phrase),
            )
    return None


class TableReader:
    """Read the claims of a document's tables (needs the pipeline's actor and item taggers)."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.actors = nlp.get_pipe("actors")
        self.items = nlp.get_pipe("items")
        self.words = table_words()
        # "KOR", "USA" in an "Origin" column: a state's code as its name
        self.state_codes = frozenset(v for v in lexicon().actor_aliases.values() if len(v) == 3 and v.isupper())

    def _tag(self, text: str):
        return self.items(self.actors(self.nlp.make_doc(text)))

    def _actor(self, text: str) -> str | None:
        if text.strip() in self.state_codes:
            return text.strip()
        place = self._place_actor(text)
        if place is not None:
            return place
        if text.strip().islower():
            # "houthis" in a spreadsheet's "to" column; a lower-case cell is never an unlisted company's name
            titled = self._tag(text.strip().title())
            return next((a.label_ for a in titled.spans.get("actors", []) if a.label_ != "ANAPHOR"), None)
        doc = self._tag(text)
        found = [a.label_ for a in doc.spans.get("actors", []) if a.label_ != "ANAPHOR"]
        outside = re.sub(r"\s*\(.*?\)", "", text).strip()
        if (
            found
            and outside != text.strip()
            and not any(a.end_char <= len(outside) for a in doc.spans.get("actors", []) if a.label_ != "ANAPHOR")
            and self._item(outside) is None  # "PAC-3 MSE (Lockheed Martin)": the item, then its maker
        ):  # "COMLOG (MBDA/Raytheon)": the name, not its owners
            found = []
        if self._joint(text):
            return None  # "France and Italy": a joint supply names no one supplier (SCHEMA rule 12)
        if found:
            return found[0]
        if self._residual(text):
            return None  # "Other countries (64)": the rest together, no one actor
        name = re.sub(r"\s*\(.*?\)", "", text).strip()
        if name and name[:1].isupper() and not any(ch.isdigit() for ch in name) and len(name.split()) <= 4:
            return actor_slug(name) or None  # an unlisted company: its slug
        return None

    def _place_actor(self, text: str) -> str | None:
        """The party a register's place cell stands for: "Gdynia (POL) <- Changwon, KOR" came from KOR, "Olya, RUS" is
        RUS, "YEM (Houthis)" the Houthis, "Amdjarass, TCD, for RSF (Sudan)" the RSF."""
        text = ARROW_BACK.split(text)[-1].strip()
        end_user = re.search(r"\bfor ([^,;()]+)", text)
        if end_user is not None and (code := self._sole_actor(end_user.group(1), 2)) not in (None, "ANAPHOR"):
            return code
        lex = lexicon()
        for inner in re.findall(r"\(([^()]{2,40})\)", text):
            code = lex.actor_aliases.get(inner.strip())
            if code is not None and code in lex.armed_groups:
                return code
        parts = [p.strip() for p in text.split(",")]
        if len(parts) > 1 and parts[-1] in self.state_codes:
            return parts[-1]
        return None

    def _residual(self, text: str) -> bool:
        """Whether a cell groups the rest or hides its party ("Other countries (64)", "Undisclosed, Asia-Pacific")."""
        name = re.sub(r"\s*\(.*?\)", "", text).strip()
        return bool(name) and name.split()[0].lower().strip(",;:") in self.words.residual_rows

    def _cell_source(self, cell: str) -> SourceInfo | None:
        """The source a table's "Source" cell names ("DSCA", "LIG Nex1 (a)", "Washington Post, citing analysts"); a
        described person gives only a state ("senior Israeli intelligence official"); None for a vague one
        ("Press reports")."""
        # "Polish MoD, 6 Dec 2022"; "US Ambassador …, 11 May 2023 (alleged loading); South African panel…": the
        # first source named, without its date and remarks
        first = re.sub(r"\s*\([^()]*\)", "", cell.split(";")[0])
        name = CELL_DATE_TAIL.sub("", SOURCE_TAIL.sub("", _FOOTNOTE_MARK.sub("", first))).strip()
        lex = lexicon()
        if not name or vague_speaker(name) or name.lower() in lex.words.vague_source_cells:
            return None
        key = name.lower()
        org = lex.organisations.get(key)
        doc = self._tag(name)
        states = [a for a in doc.spans.get("actors", []) if a.label_ != "ANAPHOR" and a.label_.isupper()]
        country = org or (states[0].label_ if states else None)
        rest = [t.text for t in doc if not any(a.start <= t.i < a.end for a in states)]
        roles = lex.sources.roles
        if rest and all(w.lower() in roles or w.lower() in ("senior", "a", "an", "one", "two") for w in rest):
            return SourceInfo(role=" ".join(rest).lower(), country=country) if country else None
        canonical = lex.organisation_canonical.get(key)
        return SourceInfo(name=name, org=name if org else None, country=country, canonical=canonical)

    def _joint(self, text: str) -> bool:
        """Whether a cell names two or more parties together ("France and Italy", "US & Norway (jointly)",
        "Consortium: Dezamet S.A., Mesko S.A.")."""
        doc = self._tag(text)
        found = {a.label_ for a in doc.spans.get("actors", []) if a.label_ != "ANAPHOR"}
        return len(found) > 1 and re.search(r"\band\b|&|\bjointly\b|\bconsortium\b", text, re.I) is not None

    def _item(self, text: str, phrase: bool = True) -> str | None:
        """The item a cell names (`phrase`: one noun phrase, whose head is its last item before a complement), or the
        item a caption names last."""
        doc = self._tag(EXCLUDED.sub("", text))  # "(excl. rockets and small arms)" names what the row is not
        spans = list(doc.spans.get("items", []))
        generic = lexicon().items_file.generic_items
        specific = [s for s in spans if s.label_ not in generic]
        # the head of the cell's phrase: its last item before a complement ("THAAD interceptors", "122 mm rockets for
        # RM-70 launchers", "Air defence system PATRIOT (incl. launchers)")
        complement = _COMPLEMENT.search(doc.text) if phrase else None
        cut = complement.start() if complement else len(doc.text)
        specific = [s for s in specific if s.start_char < cut] or specific
        spans = [s for s in spans if s.start_char < cut] or spans
        chosen = (specific or spans)[-1] if spans else None
        calibre = next((int(v) for v in (doc._.calibers or {}).values()), None)
        if chosen is None:
            # "155 mm HE", "81 mm mortar" in a column of products: rounds of that calibre
            if not calibre or not phrase:
                return None
            return "mortar_round" if "mortar" in doc.text.lower() else item_for_caliber("ammunition", calibre, "")
        return item_for_caliber(chosen.label_, calibre, chosen.text.lower())

    def frame(self, intro: str, main_flow: tuple[str | None, str | None]) -> TableFrame:
        w = self.words
        frame = TableFrame(supplier=main_flow[0], recipient=main_flow[1])
        cues = {k: [*words, *w.caption_kinds.get(k, [])] for k, words in w.kinds.items()}
        strong = {k: [c for c in words if c not in w.weak_kind_cues] for k, words in cues.items()}
        frame.kind = _nearest_cue(strong, intro) or _nearest_cue(cues, intro)
        nearest = next((line for line in reversed(intro.split("\n")) if line.strip()), "")
        frame.scale = _bracket_scale(w.count_scales, nearest)
        frame.currency, frame.money_scale = _bracket_money(w.scales, nearest)
        # the line nearest the table first ("Part 1 — Reported deliveries" under a title of "deliveries and approved
        # sales"), then the lines above it
        said = {k: [*words, *w.caption_statuses.get(k, [])] for k, words in w.statuses.items()}
        frame.status = next(
            (
                s
                for line in reversed(intro.split("\n"))
                for s, cues in said.items()
                if line.strip() and _has(cues, line)
            ),
            None,
        )
        frame.per = _rate_in(intro.lower())
        tagged = self._tag(intro)
        outside = lexicon().outside_bodies
        states = [
            a.label_
            for a in tagged.spans.get("actors", [])
            if a.label_ != "ANAPHOR" and a.text.removeprefix("the ").removeprefix("The ") not in outside
        ]
        # not a state first named as the one acted on ("DRONES LAUNCHED AT UKRAINE" over "launched by Russia")
        first_before: dict[str, str] = {}
        for a in tagged.spans.get("actors", []):
            first_before.setdefault(a.label_, tagged[a.start - 1].lower_ if a.start > 0 else "")
        acted_on = {s for s in states if first_before.get(s) in ("at", "against", "on", "into", "over")}
        frame.actor = next((s for s in states if s not in acted_on), states[0] if states else None)
        preps = lexicon().words.recipient_prepositions
        named_for = next(  # "Ground-based air defence for Ukraine: systems delivered, by donor"
            (
                a.label_
                for a in tagged.spans.get("actors", [])
                if a.label_ != "ANAPHOR" and a.label_.isupper() and a.start > 0 and tagged[a.start - 1].lower_ in preps
            ),
            None,
        )
        if named_for is not None:
            frame.recipient = named_for
        # a caption's bracketed note qualifies what it counts: "Artillery rounds fired per day (… tube artillery only)"
        frame.item = self._item(BRACKETS.sub("", intro), phrase=False) or self._item(intro, phrase=False)
        caption = nearest.lower()
        frame.caption_per = _rate_in(caption, said=True)
        if _has(w.total_words, caption):
            frame.caption_per = None
        frame.source = source_of(intro)
        seller = next(  # "Contracts with Hanwha Aerospace Co., Ltd. (Republic of Korea)": the company sells
            (
                a.label_
                for a in tagged.spans.get("actors", [])
                if a.label_.islower() and a.start > 0 and tagged[a.start - 1].lower_ == "with"
            ),
            None,
        )
        if seller is not None and frame.supplier != seller:
            home = lexicon().home_countries.get(seller)
            buyer = frame.supplier if frame.supplier not in (None, home) else frame.recipient
            frame.supplier, frame.recipient = seller, buyer if buyer != home else None
            frame.status = frame.status or "committed"  # the rows are contracts
        for line in intro.split("\n"):  # "Recipient: Armenia" above a table: the rows' recipient
            label, _, value = line.partition(":")
            role = next(
                (r for r, cues in w.roles.items() if r in ("supplier", "recipient") and _has(cues, label)), None
            )
            if role and value.strip() and len(label.split()) <= 3:
                # "Recipient: Armenia"; not an e-mail's "To: Tomas Lindgren <t.lindgren@…>"
                setattr(frame, role, self._actor(value.strip()) if self._known_actor(value.strip()) else None)
            elif (
                _has(w.roles["country"], tail := re.split(r"\s{2,}", label.strip())[-1])
                and value.strip()
                and len(tail.split()) <= 3
            ):
                # "Country file: POLAND" over a table of holdings: the state the table is of
                state = self._actor(mixed_case(value.strip().split("  ")[0]))
                if state is not None and state.isupper():
                    frame.actor = frame.record = state
        return frame

    def roles(self, table: Table) -> None:
        w = self.words
        index = {h.lower() for h in w.index_columns}
        for i, col in enumerate(table.columns):
            if col.header.strip().lower() in index or (i == 0 and _numbers_rows(table, i)):
                col.role = "skip"  # "No. | Item | …": the rows' numbers
                continue
            if _has(w.source_columns, col.header):
                col.role = "source"
                continue
            numeric = _has(w.money_words, col.header) or any(
                _has(c, col.header) for c in (*w.kinds.values(), *w.statuses.values())
            )
            # "Licences approved" beside "Value of licences approved (EUR m)": the number of permits, not of items
            permits = (
                _has(w.permit_columns, col.header)
                and not _has(w.money_words, col.header)
                and any(_has(w.permit_columns, c.header) and _has(w.money_words, c.header) for c in table.columns)
            )
            if (_has(w.skip_columns, BRACKETS.sub("", col.header)) and not numeric) or permits:
                col.role = "skip"  # "Year", "Notes"; not "Planned capacity (year)", which holds figures
                continue
            if "%" in col.header or _has(["percent", "per cent", "percentage"], col.header):
                col.role = "skip"  # "Delivered/pledged (%)": a ratio of other columns, no count
                continue
            # "System (producer)" names the rows' producer in brackets; "Missiles (up to)" names no party
            plain = BRACKETS.sub("", col.header).strip() or col.header
            role = next(
                (r for r, cues in w.roles.items() if _has([c for c in cues if c not in ("to", "from")], col.header)),
                None,
            ) or next((r for r, cues in w.roles.items() if _has(cues, plain)), None)
            if role == "unit" and any(any(ch.isdigit() for ch in cells.get(i, "")) for _, _, cells in table.rows):
                role = None  # "Unit | 2022": aligned figures that run into the unit column ("rds 2,500,000")
            col.role = "figure" if numeric and role in (None, "item") else (role or "figure")
        for i, col in enumerate(table.columns):
            texts = [cells[i] for _, _, cells in table.rows if cells.get(i)]
            if texts and sum(bool(FLOW_CELL.match(t)) for t in texts) * 2 >= len(texts):
                col.role = "flow"  # "South Korea -> United States": each row names its supplier and recipient
            elif texts and col.role == "figure" and sum(bool(DATE_CELL.match(t)) for t in texts) * 2 >= len(texts):
                col.role = "skip"  # "Largest single night: 14/15 Jan": days, not counts
            elif (
                (filled := [t for t in texts if t.strip(" -–—")])
                and col.role == "figure"
                and all(YEARS_CELL.fullmatch(BRACKETS.sub("", t).strip("() ")) for t in filled)
            ):
                col.role = "skip"  # "Year(s) of deliveries: 2022-2024": years, not counts

    def claims(self, table: Table, frame: TableFrame) -> list[SentenceClaim]:
        self.roles(table)
        roles = {c.role for c in table.columns}
        if frame.record and roles & {"supplier", "producer"} and not roles & {"recipient", "country", "flow"}:
            # a state's record of its programmes by supplier, of its contracts by contractor: the state buys
            frame.recipient = frame.record
        elif frame.host is not None and not roles & {"supplier", "producer", "flow"}:
            frame.supplier = frame.host  # "Orders and deliveries by country" in Diehl Defence's fact sheet
        elif (
            frame.recipient is None
            and frame.actor is None
            and "supplier" in roles
            and not roles & {"recipient", "country", "flow", "producer"}
        ):
            frame.recipient = self._sole_other_state(table, frame.named)
        named = {self._item(c.header) for c in table.columns if c.role == "figure"} - {None}
        if len(named) == 1 and not named & lexicon().items_file.generic_items:
            frame.item = named.pop()  # "Fire units ordered | Delivered": the delivered are fire units too
        out: list[SentenceClaim] = []
        for k, (start, end, cells) in enumerate(table.rows):
            above = {c.item for c in out if c.item and c.quantity is not None and not is_money_unit(c.quantity.unit)}
            group = table.groups[k] if k < len(table.groups) else None
            out.extend(self._row(table, frame, start, end, cells, above, group))
        return out

    def _sole_other_state(self, table: Table, named: frozenset[str]) -> str | None:
        """The one state the document names that no row of a table of suppliers names as its supplier."""
        column = next(i for i, c in enumerate(table.columns) if c.role == "supplier")
        suppliers = {self._actor(cells[column]) for _, _, cells in table.rows if cells.get(column)}
        others = {code for code in named if code.isupper()} - suppliers
        return next(iter(others)) if len(others) == 1 else None

    def _grouped(self, by_role: dict[str, str], group: str | None) -> None:
        """A register's rows under group headings: "R: Serbia" under "China" is China's supply to Serbia, "S: France"
        under "India" France's to India; a plain supplier's (recipient's) row under a state heading is its supply to
        (from) that state."""
        for role in ("supplier", "recipient"):
            m = REGISTER_CELL.match(by_role.get(role, ""))
            if m is not None:
                del by_role[role]
                by_role["recipient" if m.group(1).upper() == "R" else "supplier"] = m.group(2)
        named = self._known_actor(group) if group else None
        if named is None:
            return
        if "supplier" in by_role and "recipient" not in by_role:
            by_role["recipient"] = named
        elif "recipient" in by_role and "supplier" not in by_role:
            by_role["supplier"] = named

    def _sole_actor(self, text: str, slack: int) -> str | None:
        """The code of the one actor a short text names and little else (at most `slack` characters besides)."""
        doc = self._tag(text)
        found = [a for a in doc.spans.get("actors", []) if a.label_ != "ANAPHOR"]
        if len(found) == 1 and len(found[0].text) >= len(text.strip()) - slack:
            return found[0].label_
        return None

    def _known_actor(self, text: str) -> str | None:
        """The state, company or group a heading names and nothing else ("China", "United States")."""
        return text.strip() if self._sole_actor(text, 4) is not None else None

    def _deal_note(
        self, cells: dict[int, str], table: Table, frame: TableFrame, row_item: str | None
    ) -> SentenceClaim | None:
        """The value of the deal a register's comment gives ("USD 8.1 b deal", "$40 m deal incl. support")."""
        for i, text in cells.items():
            if table.columns[i].role != "skip" or not _has(self.words.note_columns, table.columns[i].header):
                continue
            m = DEAL_NOTE.search(text)
            if m is None:
                continue
            currency = _currency_of(m.group(1)) or ""
            return self._figure(Column(f"value {currency}".strip(), 0, "figure"), m.group(1), frame, row_item)
        return None

    def _row(
        self,
        table: Table,
        frame: TableFrame,
        start: int,
        end: int,
        cells: dict[int, str],
        above: set[str] | None = None,
        group: str | None = None,
    ) -> list[SentenceClaim]:
        """The claims of one row; `above` holds the items the rows above it count (a total of one item's rows counts
        that item: "Total hulls (rows 6-8)" under three rows of ships)."""
        w = self.words
        cols = table.columns
        by_role: dict[str, str] = {}
        row_item = None
        for i, text in cells.items():
            role = cols[i].role
            if role == "item" and text and (row_item is None or row_item in lexicon().items_file.generic_items):
                # "Swathi | artillery locating radar": the cell that names an item, a specific one before a generic
                # one ("K9A1 | Self-propelled gun"); "ML3 ammunition; ML4 rockets and bombs", categories of the EU
                # Common Military List: the general code of several (SCHEMA rule 7)
                parts = {code for part in text.split(";") if ML_CATEGORY.match(part) and (code := self._item(part))}
                row_item = (general_item(parts) if len(parts) > 1 else self._item(text)) or row_item
            if role == "flow" and (flow := FLOW_CELL.match(text)) is not None:
                by_role.setdefault("supplier", flow.group("supplier"))
                by_role.setdefault("recipient", flow.group("recipient"))
            elif role and role not in ("figure", "skip") and role not in by_role and text:
                by_role[role] = text  # (a "unit" cell says what the row's figure counts: "EUR", "t")
        self._grouped(by_role, group)
        if row_item is None:
            # no column is headed as the item's, but a cell names one ("coast guard patrol vessel")
            row_item = next(
                (
                    found
                    for i, text in cells.items()
                    if cols[i].role not in ("figure", "skip") and text and (found := self._item(text)) is not None
                ),
                None,
            )
        package = lexicon().words.aid_deal_nouns
        if any(
            cols[i].role == "item" and (_has(package, text) or self._item(text) == "military_aid")
            for i, text in cells.items()
            if text
        ):
            row_item = "military_aid"  # "Package 9 (CV90, Archer, NLAW) | Military aid": the worth of a package
        row_currency = _currency_of(by_role.get("unit", ""))
        converted = self._conversions(cells, cols) if row_currency else set()
        first = next(iter(cells.values()), "")
        above_item = None  # a total row's item, when the rows above count one item
        total = bool(_has(w.total_words, first))
        if total and _has(w.total_words, " ".join(first.split()[:1])):
            # "Subtotal, US FMS interceptors (rows 1-2)" under the buyers: a label, not a buyer
            by_role = {role: text for role, text in by_role.items() if text != first}
            if row_item is None and above is not None and len(above) == 1:
                above_item = next(iter(above))
        dated = any(_has(w.date_columns, c.header) for c in cols)
        stopped = lexicon().status.interdicted
        seized = any(cols[i].role == "item" and _has(stopped, text) for i, text in cells.items() if text)
        out: list[SentenceClaim] = []
        made: list[Column] = []  # the column of each claim
        deal = self._deal_note(cells, table, frame, row_item)
        noted = [(deal, Column("value", 0, "figure"))] if deal is not None else []
        for i, cell in cells.items():
            col = cols[i]
            if col.role != "figure" or not cell or i in converted:
                continue
            claim = self._figure(col, cell, frame, row_item, dated, above_item, row_currency)
            if claim is None:
                continue
            if (
                "status" in by_role
                and claim.kind == "transfer"
                and not any(
                    _has([c for c in cues if c not in w.money_words], col.header) for cues in w.statuses.values()
                )
            ):
                # "contracted 2021; 1 delivered April 2025": the row's status cell says how far the transfer got (of
                # its value too: "value" alone says nothing of it)
                claim.status = next(
                    (st for st in ("committed", "target", "actual") if _has(w.statuses.get(st, []), by_role["status"])),
                    claim.status,
                )
            if (
                claim.by is None
                and claim.status in ("committed", "target")
                and (row_by := BY_YEAR.search(" ".join(cells.values()))) is not None
            ):
                claim.by = row_by.group(1)  # "… | loan-financed; deliveries by 2027": the row's deadline
            if claim.by is None and _has(w.statuses["target"], col.header):
                # "Planned capacity | Target year": the row's year cell is the planned figure's deadline
                claim.by = next(
                    (
                        text.strip()
                        for j, text in cells.items()
                        if _has(["year"], cols[j].header) and YEAR_CELL.fullmatch(text.strip())
                    ),
                    None,
                )
            if row_currency is None or not any(c.role == "figure" and _has(w.money_words, c.header) for c in cols):
                self._row_unit(claim, by_role.get("unit"))  # (a row's currency is its value column's, not a count's)
            self._actors(claim, by_role, frame, total)
            state = self._column_state(cols[i].header)
            if state is not None and claim.kind != "transfer":
                claim.actor = state  # "Period | Russia | Ukraine": each column's figures are that state's
            elif state is not None and state != claim.recipient:
                claim.supplier = state
            by_recipient = any(c.role in ("recipient", "country") for c in cols)
            if "recipient" not in by_role and ((total and by_recipient) or _has(w.aggregate_columns, cols[i].header)):
                claim.recipient = None  # "Defence & aerospace exports (US$ bn)" by year: to all buyers together
                claim.to_all = claim.kind == "transfer"
            if claim.kind == "transfer" and seized:
                claim.status = "interdicted"  # "AK-47 assault rifles (seized)" (SCHEMA rule 14)
            claim.source = self._cell_source(by_role["source"]) if by_role.get("source") else None
            if claim.source is None:
                claim.source = frame.source.copy() if frame.source else None
            claim.evidence = (start, end)
            out.append(claim)
            made.append(cols[i])
        for claim, col in noted:
            self._actors(claim, by_role, frame, total)
            claim.source = frame.source.copy() if frame.source else None
            claim.evidence = (start, end)
            out.append(claim)
            made.append(col)
        return _ranges(out, made, w)

    def _figure(
        self,
        col: Column,
        cell: str,
        frame: TableFrame,
        row_item: str | None,
        dated: bool = False,
        above_item: str | None = None,
        row_currency: str | None = None,
    ) -> SentenceClaim | None:
        w = self.words
        header = col.header
        kind = next((k for k, cues in w.kinds.items() if _has(cues, header)), None)
        money = (
            bool(_has(w.money_words, header))
            or any(s in cell for s in "$€£")
            or bool(MONEY_CELL.match(cell))
            or any(_currency_of(note) for note in re.findall(r"\(([^()]{1,20})\)", header))  # "exports (US$ bn)"
            or (
                frame.currency is not None
                and not _has(["%", "per cent", "percent"], header)
                and not _has(w.count_columns, header)  # "Quantity" under "Values in Polish zloty (PLN)"
            )
        )
        if kind is None:
            kind = "transfer" if money else (frame.kind or "transfer")
        said = [s for s, cues in w.statuses.items() if _has(cues, header)]
        if (
            said == ["committed"]
            and frame.status
            and not _has([c for c in w.statuses["committed"] if c not in w.money_words], header)
        ):
            said = [frame.status]  # "Book value (EUR)" in a list of materiel transferred: the worth of what went
        # "Planned capacity": a capacity still to be reached is a capacity (with its year as deadline)
        status = ("capacity" if "capacity" in said else next(iter(said), None)) or frame.status
        # "capacity 1,000/yr" in a column of targets: the cell says what its own figure is
        status = next((s for s in ("capacity", "target") if _has(w.statuses[s], cell)), status)
        if kind != "transfer" and status in ("committed",):
            status = None
        if kind == "transfer" and status == "capacity":
            status = None
        item = self._item(header) if kind in ("consumption", "stockpile") else None
        if row_item == "artillery_system" and frame.item in ("ammunition", "artillery_shell"):
            row_item = "artillery_shell"  # "155 mm artillery" in a table of ammunition: rounds of that calibre
        item = row_item or above_item or item or self._item(header) or frame.item
        low = cell.lower().strip()
        hedges = [m for m in w.estimate_marks if re.search(rf"(?<!\w){re.escape(m)}(?!\w)", low)] or (
            ["(uncertain)"] if BRACKETED.match(cell.strip()) else []
        )
        if _has(w.unstated_values, low) and not any(ch.isdigit() for ch in low):
            if kind != "transfer" or item in (None, "military_aid"):
                return None  # (aid of no stated worth says nothing)
            return SentenceClaim(
                kind=kind, item=item, trigger=0, anchor=0, quantity=None, status=status or "actual", cues=hedges
            )
        plain = cell.replace("(", " ").replace(")", " ")
        numbers = [n for n in find_numbers(plain) if not _not_a_count(plain, n, w.uncounted_nouns)]
        if not numbers:
            return None
        n = numbers[0]
        if n.value == 0 and not n.value_high:
            return None  # "Remaining: 0": nothing to claim
        value = n.value
        value_high = n.value_high
        unit = "item" if money else self._cell_unit(cell[n.end :])
        if money:
            unit = (
                n.money
                or _currency_of(cell[n.end :])
                or _currency_of(header)
                or row_currency
                or frame.currency
                or "usd"
            )
            scale = next(
                (
                    v
                    for s, v in self.words.scales.items()
                    if re.search(rf"(?<![\w]){re.escape(s)}(?![\w])", header.lower())
                ),
                None,
            )
            if scale is None and not n.has_scale:  # "EUR 13.1 m": the cell's own scale
                tail = cell[n.end :].split()
                scale = self.words.scales.get(tail[0].lower().rstrip(".")) if tail else None
            if scale is None and not n.has_scale and not n.money:
                scale = frame.money_scale  # "(CZK million, current prices)" in the caption
            if scale and not n.has_scale:
                value = round(value * scale, 6)  # (not 4099999999.9999995 for "PLN 4.1 bn")
                value_high = round(value_high * scale, 6) if value_high is not None else None
            if item == "weapons":
                item = "military_aid"  # a sum over several types of materiel (SCHEMA rule 13)
            if row_item is None:
                # a sum by destination ties to no one item (SCHEMA rule 13), unless its column is of one ("ML3
                # ammunition (CZK million)")
                item = self._item(BRACKETS.sub("", header)) or "military_aid"
        if item is None:
            return None
        if not money and not n.has_scale:  # "(thousand rounds)" in the caption or the header
            scale = _bracket_scale(w.count_scales, header) or frame.scale
            if scale:
                value *= scale
                value_high = value_high * scale if value_high is not None else None
        by = BY_YEAR.search(cell)
        if by is None and _has(["year"], header):
            by = YEAR_IN_BRACKETS.search(cell)  # "Planned capacity (year)": "60,000 (2027)"
        per = None
        said_per = _rate_in(header.lower(), said=True)  # "Attack drones launched (per month)": the header's rate
        slash = CELL_RATE.search(cell[n.end :])
        if slash is not None and slash.group(1).lower() in w.cell_rates:
            per = w.cell_rates[slash.group(1).lower()]  # "450,000/yr (end-2024)": the cell's own rate
        elif kind in ("production", "consumption") and said_per:
            per = said_per
        elif kind in ("production", "consumption") and (not dated or (frame.per and kind == "production")):
            # "Rates are missiles per year"; a table with a month or year column gives totals, not rates (drones
            # launched in May), unless it is of production its introduction gives as a rate ("annual production
            # capacity by country, 2022–2025")
            per = frame.per or ("year" if _has(["rate", "annual", "capacity"], header) else None)
        elif kind in ("production", "consumption") and frame.caption_per:
            per = frame.caption_per  # "TABLE 1. Artillery rounds fired per day, average over period": rates by period
        qualifier = "approx" if "~" in cell else n.qualifier
        quantity = ClaimQuantity(
            value=value, value_high=value_high, qualifier=qualifier, unit=unit, per=per, text=cell.strip()
        )
        claim = SentenceClaim(
            kind=kind,
            item=item,
            trigger=0,
            anchor=0,
            quantity=quantity,
            status=status or "actual",
            cues=hedges,
            by=by.group(1) if by else None,
        )
        if claim.by and claim.status == "actual":
            claim.status = "target"
        return claim

    @staticmethod
    def _cell_unit(tail: str) -> str:
        """The carrier a count cell names after its figure ("about 300 containers", "more than 30 flights"), else
        "item"."""
        words = re.findall(r"[a-z][a-z-]*", tail.lower())[:3]
        if not words or len(words[0]) < 3:
            return "item"  # "620 t": a legend's mark ("t = target"), not tonnes
        units = lexicon().units
        for k in (3, 2, 1):
            if len(words) >= k and (unit := units.get(" ".join(words[:k]))) is not None:
                return unit
        return "item"

    def _conversions(self, cells: dict[int, str], cols: list[Column]) -> set[int]:
        """The columns of a row that convert its sum into one currency ("value_eur_m" beside "value_orig_m" and
        "currency"): where the row gives the sum in its own currency, the conversion is the compiler's, not a claim."""
        money = [i for i, c in enumerate(cols) if c.role == "figure" and _has(self.words.money_words, c.header)]
        fixed = {i for i in money if _currency_of(cols[i].header)}
        own = [i for i in money if i not in fixed and cells.get(i, "").strip()]
        return fixed if own else set()

    @staticmethod
    def _row_unit(claim: SentenceClaim, cell: str | None) -> None:
        """A row's "unit" cell: "EUR" makes its figure a sum in euros, "t" a weight in tonnes."""
        q = claim.quantity
        if q is None or not cell or q.unit != "item":
            return
        currency = _currency_of(cell.strip())
        if currency is not None:
            q.unit = currency
        elif cell.strip().lower() in ("t", "tonne", "tonnes", "tons"):
            q.unit = "tonne"

    def _column_state(self, header: str) -> str | None:
        """The state or company a figure column's header names and nothing else ("Russia", "Ukraine (est.)",
        "Rheinmetall", "CSG (Czechoslovak Group)")."""
        code = self._sole_actor(BRACKETS.sub("", header).strip(), 2)
        return code if code is not None and code != "ANAPHOR" else None

    def _actors(self, claim: SentenceClaim, by_role: dict[str, str], frame: TableFrame, total: bool) -> None:
        reader = self._actor
        supplier = reader(by_role["supplier"]) if "supplier" in by_role else None
        recipient = reader(by_role["recipient"]) if "recipient" in by_role else None
        producer = reader(by_role["producer"]) if "producer" in by_role else None
        country = reader(by_role["country"]) if "country" in by_role else None
        if claim.kind == "transfer":
            joint = any(role in by_role and self._joint(by_role[role]) for role in ("supplier", "producer"))
            claim.supplier = None if joint else supplier or producer or frame.supplier
            claim.joint_supply = joint
            claim.recipient = recipient or frame.recipient
            if claim.recipient is None and (supplier or producer) and frame.actor not in (supplier, producer):
                claim.recipient = frame.actor  # "Ukraine Support Tracker" over a column of donors
            if claim.supplier is None and recipient and frame.actor != recipient:
                claim.supplier = frame.actor
            if country and not (supplier or recipient):
                if frame.recipient and not frame.supplier:
                    claim.supplier = country
                else:
                    claim.recipient = country
            if total:
                claim.recipient = recipient
            elif recipient is None and self._residual(by_role.get("recipient", "")):
                # "Undisclosed, Asia-Pacific": a buyer the table withholds, not the frame's nor the row above's
                claim.recipient, claim.to_all = None, True
            if claim.supplier == claim.recipient:
                claim.recipient = None
        elif claim.kind == "stockpile":
            # "Type | Origin | In service": the origin made or sold it; the holder is the state the table is of
            holder = frame.record or frame.actor
            claim.actor = producer or country or (holder if holder not in (None, supplier) else None) or supplier
        else:
            claim.actor = producer or country or supplier or frame.actor


# What a source cell adds after its source: "Washington Post, citing analysts", "Israeli officials, to the Times of
# Israel", "Israeli military intelligence, via press"
# ", 6 Dec 2022", ", Oct 2023", ", 29 Nov 2024" after a source's name in a register's cell
CELL_DATE_TAIL = re.compile(
    r"\s*,\s*(?:\d{1,2}\s+)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s+\d{4}\s*$"
)
ARROW_BACK = re.compile(r"\s*(?:<-|<–|←)\s*")  # "Gdynia (POL) <- Changwon, KOR": arrived at, from
SOURCE_TAIL = re.compile(r"\s*,\s*(?:via|citing|quoting|to|through|per|in)\b.*$", re.I)
_FOOTNOTE_MARK = re.compile(r"\s*(?:\([a-z0-9]{1,2}\)|\[[a-z0-9]{1,2}\]|\*+)\s*$", re.I)


def _ranges(claims: list[SentenceClaim], columns: list[Column], w: TablesFile) -> list[SentenceClaim]:
    """A row's "Low" and "High" figures (`claims`, made from `columns`) as one range (the "High" cell empty or "-":
    the low figure alone)."""
    lows = [k for k, c in enumerate(columns) if _has(w.range_columns.get("low", []), c.header)]
    highs = [k for k, c in enumerate(columns) if _has(w.range_columns.get("high", []), c.header)]
    if len(lows) != 1 or len(highs) != 1:
        return claims
    low, high = claims[lows[0]], claims[highs[0]]
    lq, hq = low.quantity, high.quantity
    if lq is None or hq is None or lq.unit != hq.unit or hq.value <= lq.value:
        return claims
    lq.value_high, lq.qualifier, lq.text = hq.value, "range", f"{lq.text} – {hq.text}"
    return [c for c in claims if c is not high]


def _bracket_money(scales: dict[str, float], text: str) -> tuple[str | None, float | None]:
    """The currency and scale a caption's bracketed note opens with ("(CZK million, current prices)", "(in EUR m)"),
    or (None, None) when the note opens with anything else ("(units; values in EUR m)")."""
    for note in re.findall(r"\(([^()]{1,60})\)", text):
        words = re.sub(r"^in\s+", "", note.strip(), flags=re.I).replace(",", " ").split()
        if not words or (currency := _currency_of(words[0])) is None:
            continue
        scale = scales.get(words[1].lower().rstrip(".")) if len(words) > 1 else None
        return currency, scale
    return None, None


def _rate_in(low: str, said: bool = False) -> str | None:
    """The rate period a lower-cased text names, its longest phrase first; `said`: only a rate said as such ("per day",
    "a month"), not an adjective ("Monthly totals" are totals)."""
    for phrase, per in sorted(lexicon().rates.items(), key=lambda kv: -len(kv[0])):
        if (not said or " " in phrase) and re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", low):
            return per
    return None


def _numbers_rows(table: Table, i: int) -> bool:
    """Whether column `i` numbers the rows: 1, 2, 3 … (or 6, 7, 8 … when a table goes on from another)."""
    cells = [cells[i].strip().rstrip(".") for _, _, cells in table.rows if cells.get(i)]
    if len(cells) < 2 or not all(c.isdigit() and len(c) <= 3 for c in cells):
        return False
    values = [int(c) for c in cells]
    return all(b == a + 1 for a, b in pairwise(values))


def _not_a_count(cell: str, n, uncounted: frozenset[str] = frozenset()) -> bool:
    """A calibre ("155 mm"), a year ("2023"), a footnote mark ("[5]") in a figure cell, or a count of what is no
    materiel ("21 contracts")."""
    raw = n.text.strip()
    after = cell[n.end : n.end + 4].lower()
    noun = cell[n.end :].split()[:1]
    before = cell[: n.start].split()[-1:]
    return (
        bool(noun and noun[0].lower().strip(".,;") in uncounted)
        or any(_MONTH_WORD.fullmatch(w.strip(",;")) for w in noun + before)  # "Tue 18 Feb", "March 3": a date
        or bool(before and _currency_of(before[0].strip("(,;")) and not n.money)  # "AED 740m" in a notes cell
        or (raw.isdigit() and len(raw) == 4 and 1900 <= int(raw) <= 2100)
        or after.lstrip().startswith("mm")
        or (n.start > 0 and cell[n.start - 1] == "[")
        or "%" in cell[n.start : n.end + 2]
    )


def _currency_of(header: str) -> str | None:
    money = lexicon().units_file.money_words
    for word, code in sorted(money.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", header, re.I if word.isalpha() else 0):
            return code
    return None


# A month's name or abbreviation next to a cell's number: the number is a day of a date
_MONTH_WORD = re.compile(_MONTH, re.I)
# A rate written after a cell's figure: "/yr", "/ month"
CELL_RATE = re.compile(r"^\s*/\s*([a-z]+)\b", re.I)
# A register's row naming its recipient ("R: Serbia") or supplier ("S: France") under a group heading
ML_CATEGORY = re.compile(r"\s*ML\s?\d{1,2}\b")  # a category of the EU Common Military List: "ML3 ammunition"
REGISTER_CELL = re.compile(r"^([RS])\s*:\s*(\S.*)$")
# A comment's deal value: "USD 8.1 b deal", "$40 m deal", "EUR 2.7 bn contract"
DEAL_NOTE = re.compile(
    r"((?:[A-Z]{3}\s*|[$€£]\s?)\d[\d.,]*\s*(?:bn|b|billion|m|mn|million)?)\s+(?:deal|contract|order)\b", re.I
)
_COMPLEMENT = re.compile(r"\s(?:for|of|with|to|incl\.?|including)\s|\s\(", re.I)


@lru_cache(maxsize=2)
def table_reader(nlp: Language) -> TableReader:
    """One reader per pipeline."""
    return TableReader(nlp)

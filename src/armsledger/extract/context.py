"""What earlier sentences of a document tell later ones: actors named before, the sources met so far,
the days they spoke on, and sources a document's layout implies (lists, Q&A answers, datelines)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from spacy.language import Language

from armsledger.extract.dates import SAID_DATE_RE, resolve_said_date
from armsledger.extract.intermediates import Attribution, SourceInfo
from armsledger.extract.patterns import longest_organisation, phrase_alternation
from armsledger.extract.reference import actor_slug, derived, lexicon
from armsledger.extract.sentences import BULLET, LEAD

# "MARK RUTTE: …", "MAJ. GEN. SUN LI-FANG: …", "(01:45) NOA BRENNER: …", "Budanov: …"
_UPPER = "A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŘŚŠŤŮŰŹŻŽ"  # "ČERNOCHOVÁ:", "ŁUKASZ NOWAK:"
SPEAKER_LABEL = re.compile(
    rf"[ \t]*(?:\(\d{{1,2}}:\d{{2}}(?::\d{{2}})?\)\s*)?([{_UPPER}][\w.'’-]*(?: [{_UPPER}][\w.'’-]*){{0,5}}):\s+"
)
# A Hansard turn: a name, its office or riding in brackets, a colon: "Hon. Bill Blair (Minister of National Defence):
# …", "Mr. Kevin Doucette (Kootenay Ridge, CPC): …", "The Chair (Mr. Alain Tremblay (Laval-Nord, Lib.)): …"
PAREN_LABEL = re.compile(
    r"[ \t]*((?:Hon\.|Mr\.|Mrs\.|Ms\.|Dr\.|The)?\s*[A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}) "
    r"\(((?:[^()\n]|\([^()\n]*\)){1,160})\):[ \t]+(?=\S)"
)
_HONORIFIC = re.compile(r"^(?:Hon\.|Mr\.|Mrs\.|Ms\.|Dr\.)\s*")
# A turn by the initials a transcript's list of participants gives, after a timestamp: "[00:02:54] MO: By the…"
INITIALS_LABEL = re.compile(r"[ \t]*[(\[]\d{1,2}:\d{2}(?::\d{2})?[)\]]\s*([A-Z]{1,3}):\s+")
# A transcript's first turn of a speaker, by name and office in capitals: "PAT CONROY, MINISTER FOR DEFENCE INDUSTRY AND
# CAPABILITY DELIVERY: Thanks everyone…", "JEFF CONNOLLY, CHIEF EXECUTIVE, THALES AUSTRALIA: Thanks, Minister."
CAPS_OFFICE_LABEL = re.compile(r"[ \t]*([A-Z][A-Z'’-]+(?: [A-Z][A-Z'’-]+){1,3}), [A-Z][A-Z0-9 ,.'’&()/-]{2,150}:\s+")
# A record's speaker line: a role and a name alone on a line, ending in a colon ("Secretary of State in the Ministry
# of National Defence Tomasz Wołek:", "Chair MP Andrzej Zaremba (KO):", "Mr. Bryan May (Parliamentary Secretary to the
# Minister of National Defence, Lib.):")
LINE_LABEL = re.compile(r"[ \t]*([^\n:()]{3,150}?)\s*(?:\([^)\n]{1,120}\))?:[ \t]*(?=\n)")
# A record's speaker by office with the name in brackets, opening the turn's first line: "The Secretary of State for
# Defence (John Healey): This Government have committed…"
OFFICE_LABEL = re.compile(
    r"[ \t]*(?:The )?[A-Z][\w’'-]*(?: [\w’'-]+){0,9} \(([A-Z][\w.’'-]*(?: [A-Z][\w.’'-]*){1,3})\):\s+"
)
# A press release's quote introduction, alone on its line: "Defence Secretary John Healey said:", "Thales UK's Chief
# Executive, Alex Cresswell, said:"; the quoted paragraphs below it are that person's words.
SAID_LABEL = re.compile(r"[ \t]*([^\n:\"“”]{3,150}?),?\s+(?:said|says|added|stated|commented)\s*:[ \t]*(?=\n)")
QUOTE_MARKS = ('"', "“", "«", "„", "'", "‘")
# A US congressional record's speaker: a title, the surname in capitals and a full stop ("Dr. ELLSWORTH. Chairman
# Pryce, members of the subcommittee…", "General TANAKA. Mr. Chairman, …", "Senator PRYCE. Thank you.")
RECORD_LABEL = re.compile(
    r"[ \t]*(Mr|Mrs|Ms|Dr|Senator|Representative|General|Admiral|Chairman|Chairwoman|Secretary|Ambassador)\.?"
    r" ([A-Z][A-Z'’-]{2,}(?:-[A-Z]{2,})?)\.\s+"
)
BRACKET_LABEL = re.compile(r"[ \t]*\[([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,5})\][ \t]*(?:\n|$)")
# A call transcript's speaker line: a name, a dash and the office, alone on its line ("Park Min-soo -- Chief Financial
# Officer", "Daniel Okafor — Analyst, Morgan Stanley"); the paragraphs below it are that person's words.
DASH_LABEL = re.compile(
    rf"[ \t]*([{_UPPER}][\w.'’-]*(?: [{_UPPER}][\w.'’-]*){{1,3}})"
    r"[ \t]+(?:--|–|—)[ \t]+([A-Z][^\n]{1,100}?)[ \t]*(?=\n)"
)


def _headline_label(text: str, m: re.Match[str]) -> bool:
    """A headline in capitals, not a speaker: "ROMANIA'S GREAT ARMS SHOPPING LIST: WHAT HAS ARRIVED …" (what follows
    the colon is in capitals too, or the label is a possessive phrase)."""
    rest = text[m.end() : text.find("\n", m.end()) if "\n" in text[m.end() :] else len(text)]
    letters = [ch for ch in rest if ch.isalpha()]
    return (len(letters) >= 8 and all(ch.isupper() for ch in letters)) or bool(re.search(r"['’]S\b", m.group(1)))


def _named_before(label: str, text: str, end: int) -> str | None:
    """The full name a label stands for when the document named that person before it: a surname in
    capitals ("HALPERIN:" after "Noa Halperin, a senior researcher") or a name as written ("Alistair Crane:"
    after "Witnesses: Alistair Crane MP"). Labels that are words of the language or bodies name nobody."""
    words = label.split()
    lex = lexicon()
    if (
        words[0].lower().strip(".") in lex.words.non_speaker_labels
        or label in lex.actor_aliases
        or words[0].lower() in lex.words.interviewer_labels
        or not all(w[:1].isupper() for w in words)
    ):
        return None
    if len(words) == 1 and label.isupper() and len(label) >= 3 and label.isalpha():
        surname = label.capitalize()
        # the last full name before the label
        m = next(reversed(list(re.finditer(rf"\b((?:[A-Z][\w'’-]+ ){{1,3}}){re.escape(surname)}\b", text[:end]))), None)
        return f"{m.group(1)}{surname}" if m is not None else None
    if len(words) >= 2 and not label.isupper() and re.search(rf"(?<![\w-]){re.escape(label)}(?![\w-])", text[:end]):
        return label
    return None


def _titles_and_ranks() -> frozenset[str]:
    """Words of a person's title, a rank's first word included ("Senator", "Major", "Gen.")."""
    return lexicon().words.speaker_titles | lexicon().words.rank_prefixes


def _name_parts(label: str) -> set[str]:
    """The words of a speaker label that can name a person, in lower case: a title is no name ("Senator Kingston" is
    not the "Senator Elliot" met before)."""
    titles = lexicon().words.speaker_titles
    return {p.lower() for p in re.split(r"[\s.-]+", label) if len(p) > 2 and p.lower() not in titles}


def _named_after(surname: str, text: str, start: int) -> str | None:
    """The full name a surname label stands for when the document gives it only after the label, in a list of those
    present at its end ("Senator the Hon. Tom Kingston, Minister representing …"), without the titles before it."""
    surname = surname.capitalize()
    m = re.search(rf"\b((?:[A-Z][\w'’-]+ ){{1,3}}){re.escape(surname)}\b", text[start:])
    if m is None:
        return None
    titles = _titles_and_ranks()  # ("Major General Rhys Carrington")
    names = m.group(1).split()
    while names and names[0].lower().strip(".") in titles:
        names = names[1:]
    return " ".join([*names, surname]) if names else None


@lru_cache(maxsize=64)
def _named_by_initials(initials: str, text: str) -> str | None:
    """The person a transcript's list of participants gives the initials ("MEI-LING OKAFOR (MO), senior analyst" ->
    "Mei-Ling Okafor" for "MO")."""
    m = re.search(rf"([A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){{1,3}})\s*\({initials}\)", text)
    if m is None:
        return None
    return _title_name(m.group(1))


def _paren_speaker(label: str, bracket: str) -> str | None:
    """The person a Hansard turn names: "Hon. Bill Blair" (office in brackets), or the person in the brackets of a
    role ("The Chair (Mr. Alain Tremblay (Laval-Nord, Lib.))"); None for a label that names neither."""
    if bracket.isupper() or not re.search(r"[a-z]", bracket):
        return None  # "Major Defense Equipment (MDE): …": an abbreviation, not an office or a riding
    name = _HONORIFIC.sub("", label).strip()
    if name.lower().startswith("the ") or len(name.split()) < 2:
        inner = re.match(r"(?:Hon\.|Mr\.|Mrs\.|Ms\.|Dr\.)\s*([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){1,3})", bracket)
        return inner.group(1) if inner else None
    return name


def _office_company(bracket: str) -> str | None:
    """The company of an office in a speaker's brackets ("CEO, Nordvik Ammunition", "chief executive, Hanwha
    Aerospace"), None for a riding, a party or a state office ("Minister of Defence, Lib.")."""
    parts = [p.strip() for p in bracket.split(",")]
    if len(parts) != 2:
        return None
    office, company = parts
    words = lexicon().words
    lowered = set(re.findall(r"[a-z]+", office.lower()))
    names = company.split()
    if not lowered & words.company_officer_words or not 1 <= len(names) <= 5:
        return None
    if {n.lower() for n in names} & (words.generic_bodies | words.institution_words | words.unit_words):
        return None  # "Head, Land Systems Division": a unit of a ministry, not a company
    if not all(w[:1].isupper() or w in ("&", "of", "and") for w in names):
        return None  # "director, the ministry's procurement office"
    state = lexicon().actor_aliases.get(company, "")
    return None if state.isupper() else company  # "Ambassador, Germany": a state, not a company


def _title_name(name: str) -> str:
    """A name in capitals in mixed case ("MEI-LING OKAFOR" -> "Mei-Ling Okafor", "PAT CONROY" -> "Pat Conroy")."""
    return " ".join("-".join(p.capitalize() for p in w.split("-")) if w.isupper() else w for w in name.split())


def _name_of_record_label(label: str) -> str | None:
    """The person a record's speaker line names: its closing run of capitalised words without titles and roles
    ("Secretary of State in the Ministry of National Defence Tomasz Wołek" → "Tomasz Wołek"); None when the line
    is a heading or list lead ("The capabilities in this package include", "Witnesses")."""
    words = label.split()
    lex = lexicon()
    if not 2 <= len(words) <= 16 or words[0].lower().strip(".") in lex.words.non_speaker_labels:
        return None
    skip = lex.words.speaker_titles | set(lex.sources.roles) | {"mp", "mep", "hon", "the"}
    head, comma, rest = label.partition(",")
    named = head.split()
    if comma and 2 <= len(named) <= 4 and all(w[:1].isupper() for w in named):
        # "Lord Coaker, Minister of State": the name first, the office after the comma
        office = {w.lower().strip(".,") for w in rest.split()}
        return head.strip() if office & skip and head.strip() not in lex.actor_aliases else None
    run: list[str] = []
    for w in reversed(words):
        if not w[:1].isupper() or w.lower().strip(".,") in skip or (w.isupper() and len(w) <= 3):
            break
        run.insert(0, w)
    titled = any(w.lower().strip(".,") in skip for w in words[: len(words) - len(run)])
    if len(run) < 2 or not titled or " ".join(run) in lex.actor_aliases:
        return None  # a heading ("Air Defence Systems:") names no speaker: a record's speaker line has a role
    return " ".join(run[-2:] if len(run) > 3 else run)


# "Defence Secretary John Healey", "President of Ukraine Volodymyr Zelensky", "Minister Nakatani Gen": an office
# ending in a person's role word, then the person's name (two or three capitalised words)
TITLED_PERSON = re.compile(
    r"\b((?:[A-Z][\w’'-]*|of|for|the)(?: (?:[A-Z][\w’'-]*|of|for|the)){0,6}) "
    r"([A-Z][a-zà-ž’'-]+(?: [A-Z][a-zà-ž’'-]+){1,2})\b"
)
# "Maria Eagle, Minister of State": the name, then the office after a comma
PERSON_TITLED = re.compile(
    r"\b([A-Z][a-zà-ž’'-]+(?: [A-Z][a-zà-ž’'-]+){1,2}), (?:the )?([A-Z][\w’'-]*(?: [\w’'-]+){0,4})"
)
# "Its director, Ján Hudec, keeps a chart": the office, then the name set off by commas
ROLE_COMMA_PERSON = re.compile(r"\b([a-z]+), ([A-Z][a-zà-ž’'-]+(?: [A-Z][a-zà-ž’'-]+){1,2}),")
# A heading that makes the whole document one person's words: "address by President … Volodymyr Zelensky",
# "Answered on 18 March 2025 by Maria Eagle, Minister of State …"
AUTHOR_LINE = re.compile(
    r"^[^\n]{0,120}?\b(?:[Aa]ddress|[Ss]peech|[Rr]emarks|[Aa]nswered(?: on [^\n]{1,30}?)?|[Ss]tatement|[Aa]nswer"
    r"|[Rr]eply|[Pp]ress conference|[Pp]ress briefing)[ \t]*\n?[ \t]*(?:by|from) ([^\n]{3,160})$",
    re.M,
)


# A government's written answer headed by its body: "Answer\n   of the Federal Government", "Reply of the Government"
BODY_AUTHOR = re.compile(r"^\s*(?:Answer|Reply|Response)\s+of\s+the\s+((?:Federal\s+)?Government)\s*$", re.M)


def _not_name_words() -> frozenset[str]:
    """Words that are no part of a person's name: role words, source roles and `not_name_words` (lower case)."""
    words = lexicon().words
    return words.person_role_words | frozenset(lexicon().sources.roles) | words.not_name_words


def titled_people(text: str) -> dict[str, str]:
    """The people a document names with their office, by the office's role word ("secretary" -> "John Healey");
    a role word that goes with two different people is left out (it would be a guess)."""
    lex = lexicon()
    person_roles = lex.words.person_role_words
    found: dict[str, set[str]] = {}

    not_names = _not_name_words()

    def note(role: str | None, name: str) -> None:
        if role is not None and not any(w.lower() in not_names for w in name.split()):
            found.setdefault(role, set()).add(name)

    def role_of(office: str, at_end: bool) -> str | None:
        """The person role word of an office: its last word ("Defence Secretary"), or the word before "of" and a
        place ("President of Ukraine"); with `at_end` false, any role word in it ("Minister of State")."""
        words = office.split()
        if not at_end:
            return next((w.lower() for w in words if w.lower() in person_roles), None)
        if words and words[-1].lower() in person_roles:
            return words[-1].lower()
        if len(words) >= 3 and words[-2] == "of" and words[-3].lower() in person_roles:
            return words[-3].lower()
        return None

    for m in TITLED_PERSON.finditer(text):
        note(role_of(m.group(1), True), m.group(2))
    for m in PERSON_TITLED.finditer(text):
        note(role_of(m.group(2), False), m.group(1))
    for m in ROLE_COMMA_PERSON.finditer(text):
        if role_of(m.group(1), True) not in found:  # (a weaker pattern: only for an office no other names)
            note(role_of(m.group(1), True), m.group(2))
    return {role: next(iter(names)) for role, names in found.items() if len(names) == 1}


def document_author(text: str) -> SourceInfo | None:
    """The person whose words the whole document is, when a heading line says so in its first lines (an address,
    a written answer, a statement by a named person), else None."""
    head = text[:1500]
    m = AUTHOR_LINE.search(head)
    if m is None:
        return None
    rest = m.group(1)
    people = titled_people(rest)
    name = next(iter(people.values()), None) or _name_spoken_later(rest, text)
    if name is None:
        return None
    lex = lexicon()
    office = rest.replace(name, " ").strip(" ,:;-–")
    role = next((w.lower() for w in office.split() if w.lower() in lex.words.person_role_words), None)
    country = lex.people.get(name)
    if country is None:
        for w in re.findall(r"[A-Z][\w]+(?: [A-Z][\w]+)?", office):
            country = country or (lex.actor_aliases.get(w) if w in lex.actor_aliases else None)
    return SourceInfo(name=name, role=role, country=country if isinstance(country, str) else None)


def _name_spoken_later(heading: str, text: str) -> str | None:
    """The person a heading names after a long office ("by NATO Assistant Secretary General for Defence Investment
    Ingrid Sælen ahead of …"), found as the last two or three capitalised words of a run that the text goes on to use
    as a speaker's label ("INGRID SÆLEN:") or names again."""
    for run in re.findall(
        r"(?:[A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŘŚŠŤŮŰŹŻŽ][\w'’.-]+\s+){1,8}[A-ZÀ-ÖØ-ÞĄĆČĎĘĚŁŃŇŐŘŚŠŤŮŰŹŻŽ][\w'’-]+", heading
    ):
        words = run.split()
        for k in (2, 3):
            if len(words) < k:
                continue
            name = " ".join(words[-k:])
            if f"{name.upper()}:" in text or text.count(name) >= 2:
                return name
    return None


def answering_body(text: str) -> SourceInfo | None:
    """The government body a written answer is headed by ("Answer / of the Federal Government"): whose figures its
    tables give."""
    body = BODY_AUTHOR.search(text[:1500])
    return SourceInfo(name=body.group(1)) if body is not None else None


def _name_of_said_label(label: str) -> str | None:
    """The person a quote introduction names: the name between commas after an office ("Thales UK's Chief
    Executive, Alex Cresswell"), else the name closing a titled run ("Defence Secretary John Healey")."""
    not_names = _not_name_words()
    pieces = [p.strip() for p in label.split(",") if p.strip()]
    if len(pieces) > 1:
        for piece in reversed(pieces):
            words = piece.split()
            if 2 <= len(words) <= 4 and all(w[:1].isupper() and w.lower() not in not_names for w in words):
                return piece
    return _name_of_record_label(label)


def _person_source(name: str, role: str | None) -> SourceInfo:
    """A person as a source: the state and company the people list gives them, if it lists them."""
    lex = lexicon()
    return SourceInfo(name=name, role=role, org=lex.person_companies.get(name), country=lex.people.get(name))


@derived
def _people_pattern() -> re.Pattern[str]:
    """The names, aliases and surnames of the people list, as written."""
    return re.compile(r"(?<![\w-])(?:" + phrase_alternation(lexicon().person_names) + r")(?![\w-])")


class DocumentContext:
    """What earlier sentences of the document tell later ones."""

    def __init__(self) -> None:
        self.recent_actors: list[str] = []
        self.sources: list[SourceInfo] = []
        self.said_on: dict[str, str] = {}
        self.recent_items: list[str] = []
        self.turn: SourceInfo | None = None  # the speaker of the current transcript turn
        self.own_line_turn: SourceInfo | None = None  # the last turn opened by a speaker's name alone on a line
        self.quoted_turn = False  # the turn is a press release's quotes after "X said:": it ends with them
        self.mentions: Counter[str] = Counter()
        self.bodies: dict[str, str] = {}  # head word of a state body named so far -> its state ("army" -> USA)
        self.record: str | None = None  # the state of the body heading a record (`record_state`)
        self.origin: str | None = None  # the state whose language a translation note names (`translated_from`)
        self.position = 0  # where the sentence being read starts
        self.voice: str | None = None  # the actor the last source spoke for (a company or a state)
        self._narrated: set[int] = set()  # ids of the sources first met as a pronoun's person (`_person_before`)
        self._source_seen: dict[int, int] = {}  # id of a source -> where it was last resolved
        # (offset, name, role) of each person named with an office or on the people list
        self._people_at: list[tuple[int, str, str | None]] | None = None
        self.host: tuple[str, str] | None = (
            None  # (name, slug) of the company whose call or record it is (`host_company`)
        )
        self.record_day: str | None = None  # the day a transcript's turns were spoken (its header's date)
        self.home: str | None = None  # the state the document last spoke for (a speaker's, else its dateline's)
        self.text = ""  # the document's text, for `titled`
        self._titled: dict[str, str] | None = None
        self.author: SourceInfo | None = None  # the person whose words the whole document is (`document_author`)
        self.answer_body: SourceInfo | None = None  # the body a written answer is by, for its tables (`answering_body`)

    @property
    def titled(self) -> dict[str, str]:
        """Role word -> the one person the document names with it (`titled_people`), read on first need: most
        documents never ask, and reading a whole text for titles costs about 2 µs a character."""
        if self._titled is None:
            self._titled = titled_people(self.text)
        return self._titled

    def note_items(self, codes: list[str]) -> None:
        self.recent_items.extend(codes)

    def specific_item(self, code: str) -> str | None:
        """The latest item named so far of the specific kinds a generic code covers ("the missiles" after
        "Fath-360 missiles" -> ballistic_missile), or None."""
        kinds = lexicon().items_file.specific_kinds.get(code)
        if not kinds:
            return None
        return next((c for c in reversed(self.recent_items) if c in kinds), None)

    def note_bodies(self, phrases: list[tuple[str, str]]) -> None:
        """Remember the state of each state body named ("the U.S. Army"), by its head word, so that a later
        "Army officials" speaks for the same state."""
        names = lexicon().organisation_names
        for text, code in phrases:
            text = text[4:] if text.lower().startswith("the ") else text
            if text in names and code.isupper():
                self.bodies[text.split()[-1].lower()] = code

    def note_actors(self, codes: list[str]) -> None:
        self.mentions.update(codes)
        for code in codes:
            if code in self.recent_actors:
                self.recent_actors.remove(code)
            self.recent_actors.append(code)

    def resolve_anaphor(
        self, phrase: str, avoid: set[str], before: list[str], subjects_before: Sequence[str] = ()
    ) -> str | None:
        """The actor a pronoun or description refers to: for "it" and "they" the latest subject before it in
        the sentence ("Japan has provided … and this year it also sent"), else the latest actor named that
        fits."""
        if phrase in ("it", "they"):
            for code in reversed(list(subjects_before)):
                if code not in avoid:
                    return code
        prefer = lexicon().anaphors.get(phrase, ())
        history = [c for c in self.recent_actors if c not in before] + before
        if phrase == "company":
            companies = [c for c in reversed(history) if c.islower() and c not in avoid]
            if companies:
                return companies[0]
        pronoun = phrase in ("it", "they", "company") or any(p.islower() for p in prefer)
        # states and blocs ("the bloc": EU); companies and groups only for pronouns and phrases that prefer them
        candidates = [c for c in reversed(history) if c not in avoid and (pronoun or c.isupper())]
        for code in candidates:
            if code in prefer:
                return code
        if len(prefer) == 1 and prefer[0] not in avoid:
            return prefer[0]  # "the bloc will be able to produce…" with the EU not yet named by its name
        if phrase.split()[-1] in lexicon().words.company_words:
            # "the group will be able to produce…" in a piece about Rheinmetall: no armed group named, a company is
            companies = [c for c in reversed(history) if c.islower() and c not in avoid]
            if companies:
                return companies[0]
        if prefer:
            return None
        return candidates[0] if candidates else None

    def labelled_speaker(self, text: str, start: int) -> SourceInfo | None:
        """The speaker of the transcript turn the sentence belongs to (see `see_turn`)."""
        return self.turn

    def see_turn(self, text: str, start: int) -> None:
        """Follow transcript turns: "MARK RUTTE: Several Allies have said so", "Budanov: North Korea has
        handed…". A turn runs until the next label or an unindented capitalised heading; a label names a
        source met before, else a new one (its country from the people list). A label alone on its line in
        brackets ("[Yoon Tae-sik]", "[Anchor]") starts a turn of the paragraphs below it."""
        line_start = text.rfind("\n", 0, start) + 1
        bracket = BRACKET_LABEL.match(text, line_start)
        if bracket and line_start == start:
            label = bracket.group(1)
            words = label.split()
            lex = lexicon()
            speaker = (
                words[0].lower().strip(".") not in lex.words.non_speaker_labels
                and label not in lex.actor_aliases
                and words[0].lower() not in lex.words.interviewer_labels
            )
            self.turn = self._speaker_of(label) if speaker else None
            return
        dash = DASH_LABEL.match(text, line_start) if line_start == start else None
        if (
            dash is not None
            and line_start > 0
            and len(_dash_labels(text)) >= 2  # a call's turns, not one heading ("Sahel Security Review — Commentary")
            and all(any(ch.islower() for ch in w) for w in dash.group(1).split())  # a person's name, not a letterhead
            and dash.group(1).split()[0].lower() not in lexicon().words.non_speaker_labels
            and dash.group(1) not in lexicon().actor_aliases
        ):
            self._call_turn(dash.group(1), dash.group(2))
            return
        labels = _name_lines(text) if line_start == start and line_start > 0 else {}
        name_line = text[line_start : text.find("\n", line_start) if "\n" in text[line_start:] else len(text)].strip()
        if name_line in labels:
            # "Robert J. Harlan" alone on its line after a list of participants giving his office; "Daniel Ashworth
            # (Calder Vale) (Lab)" over his speech in a debate
            named, its_office = labels[name_line]
            self._call_turn(named, its_office)
            self.own_line_turn = self.turn
            if self.turn is not None and self.turn.country is None and self.record:
                self.turn.country = self.record
            return
        said = SAID_LABEL.match(text, line_start) if line_start == start else None
        if said is not None and (name := _name_of_said_label(said.group(1))) is not None:
            self.turn = self._speaker_of(name)
            self.quoted_turn = True
            return
        line = LINE_LABEL.match(text, line_start) if line_start == start else None
        if line is not None and (name := _name_of_record_label(line.group(1))) is not None:
            self.turn = self._speaker_of(name)
            if self.turn.country is None and self.record:
                self.turn.country = self.record  # a speaker in a state's record speaks for that state
            return
        office = OFFICE_LABEL.match(text, line_start) if line_start == start else None
        if office is not None:
            self.turn = self._speaker_of(office.group(1))
            if self.turn.country is None and self.record:
                self.turn.country = self.record
            return
        record = RECORD_LABEL.match(text, line_start) if line_start == start else None
        if record is not None:
            surname = record.group(2)
            full = _named_before(surname, text, line_start)
            self.turn = self._speaker_of(full or f"{record.group(1)}. {surname.capitalize()}")
            if self.turn.country is None and self.record:
                self.turn.country = self.record
            return
        caps = CAPS_OFFICE_LABEL.match(text, line_start) if line_start == start else None
        if caps is not None and caps.group(1).split()[0].lower().strip(".") not in lexicon().words.non_speaker_labels:
            self.turn = self._speaker_of(_title_name(caps.group(1)))
            if self.turn.country is None and self.record:
                self.turn.country = self.record
            return
        paren = PAREN_LABEL.match(text, line_start) if line_start == start else None
        if paren is not None and (name := _paren_speaker(paren.group(1), paren.group(2))) is not None:
            self.turn = self._speaker_of(name)
            company = _office_company(paren.group(2))
            if company is not None:
                # "HELENA STRAND (CEO, Nordvik Ammunition):": she speaks for her company, and an interview of its
                # chief is the company's record ("we made 30,000 shells")
                self.turn.org = self.turn.org or company
                if self.host is None:
                    self.host = (company, actor_slug(company))
            if self.turn.country is None and self.record:
                self.turn.country = self.record
            return
        initials = INITIALS_LABEL.match(text, line_start) if line_start == start else None
        if initials is not None and (full := _named_by_initials(initials.group(1), text)) is not None:
            self.turn = self._speaker_of(full)  # "[00:02:54] MO:" after "MEI-LING OKAFOR (MO), senior analyst"
            return
        m = SPEAKER_LABEL.match(text, line_start)
        if m is not None and m.end() > start + 1 and start != line_start:
            m = None  # a later sentence of the turn's first line
        if m is not None and _headline_label(text, m):
            m = None
        if m and self._is_speaker_label(m.group(1)):
            label = m.group(1)
            words = label.split()
            titles = _titles_and_ranks()  # ("Major Gen.")
            if len(words) >= 2 and all(w.lower().strip(".") in titles for w in words[:-1]) and words[-1].isalpha():
                # "MR MILLER:" after "Matthew Miller"; "Senator KINGSTON:", "Major Gen. Carrington:" over a list of
                # those present at the end of the record
                full = _named_before(words[-1].upper(), text, line_start) or _named_after(words[-1], text, line_start)
                if full is not None:
                    # "President of Ukraine Volodymyr Zelenskyy": the person's name, not the state before it
                    names = full.split()
                    lex = lexicon()
                    while len(names) > 1 and names[0] in lex.actor_aliases and names[0] not in lex.people:
                        names = names[1:]
                    label = " ".join(names)
            self.turn = self._speaker_of(label)
            if (
                self.turn.country is None
                and self.record
                and words[0].lower().strip(".") not in lexicon().words.interviewer_labels
            ):
                self.turn.country = (
                    self.record
                )  # "MINISTER CERNOCHOVA:" at the Czech defence minister's press conference
        elif m and (full := _named_before(m.group(1), text, line_start)) is not None:
            self.turn = self._speaker_of(full)  # "HALPERIN:" after "With me are Noa Halperin…"
        elif (
            m is None
            and self.turn is not None
            and line_start == start
            and (
                not self._continues_turn(text, line_start)
                or (self.quoted_turn and not text[line_start : start + 2].lstrip().startswith(QUOTE_MARKS))
            )
        ):
            self.turn = None  # a heading, a new dateline; after "X said:", the first paragraph that is no quote
            self.quoted_turn = False

    def _call_turn(self, name: str, office: str | None) -> None:
        """A call's turn by a participant with an office: an officer of the company whose call it is ("Chief
        Financial Officer") speaks for the company; a guest ("Analyst, Morgan Stanley") does not."""
        self.turn = self._speaker_of(name)
        if office is None:
            return
        if self.turn.role is None:
            self.turn.role = office.strip()
        guest = set(re.findall(r"[a-z]+", office.lower())) & lexicon().words.guest_offices
        if self.host is not None and self.turn.org is None and not guest:
            self.turn.org = self.host[0]
            self.turn.country = self.turn.country or lexicon().home_countries.get(self.host[1])

    def _is_speaker_label(self, label: str) -> bool:
        """A label that names a speaker: a transcript's capitals ("MARK RUTTE"), a title and name ("Mr.
        Delacroix", "Maj. Gen. Sun"), a person the people list knows, or a source met before ("Budanov")."""
        words = label.split()
        lex = lexicon()
        if words[0].lower().strip(".") in lex.words.non_speaker_labels or label in lex.actor_aliases:
            return False
        if len(words) >= 2 and label.isupper():
            return True
        if any(w.lower().strip(".") in lex.words.speaker_titles for w in words[:2]):
            return True  # "Senator KINGSTON", "Major Gen. Carrington"
        if label in lex.people:
            return True
        parts = _name_parts(label)
        return any(prev.name and parts & {p.lower() for p in re.split(r"[\s-]+", prev.name)} for prev in self.sources)

    def _continues_turn(self, text: str, line_start: int) -> bool:
        """A paragraph after a speaker's label belongs to the same turn unless it is a heading or a new dateline."""
        line = text[line_start : text.find("\n", line_start) if "\n" in text[line_start:] else len(text)]
        return bool(line.strip()) and not line.strip().isupper()

    def _speaker_of(self, label: str) -> SourceInfo:
        words = label.split()
        # "HENRIK AAS" is Henrik Aas; a short capital word inside a mixed label is an acronym ("Senator MP")
        short = 2 if label.isupper() and len(words) >= 2 else 3
        name = " ".join(w if not w.isupper() or len(w) <= short else w.capitalize() for w in words)
        parts = _name_parts(label)
        for prev in reversed(self.sources):
            if prev.name and parts & {p.lower() for p in re.split(r"[\s-]+", prev.name)}:
                return prev
        lex = lexicon()
        country = lex.people.get(name) or next((c for n, c in lex.people.items() if n.lower() == name.lower()), None)
        roles = lex.sources.roles
        if all(w.lower().strip(".") in roles or w.lower() in ("senior", "two", "one", "three") for w in words):
            src = SourceInfo(role=name.lower(), country=country)
            person = self.titled.get(words[-1].lower().strip("."))
            if person is not None:  # "MINISTER:" in a briefing that names "Minister Nakatani Gen"
                src.name, src.country = person, country or lex.people.get(person)
        else:
            src = SourceInfo(name=name, country=country)
        self.sources.append(src)
        return src

    def _seen(self, src: SourceInfo | None) -> SourceInfo | None:
        if src is not None:
            self._source_seen[id(src)] = self.position
        return src

    def _person_before(self, offset: int) -> tuple[int, str, str | None] | None:
        """The person named last before `offset`, with an office (`titled`) or on the people list, as (where,
        name, role)."""
        if self._people_at is None:
            titled: list[tuple[int, str, str | None]] = [
                (m.start(), name, role)
                for role, name in self.titled.items()
                if not name.endswith(("'s", "’s", "-"))
                for m in re.finditer(rf"{re.escape(name)}(?![\w-])", self.text)
            ]
            names = lexicon().person_names
            listed: list[tuple[int, str, str | None]] = [
                (m.start(), names[m.group(0)], None) for m in _people_pattern().finditer(self.text)
            ]
            self._people_at = sorted([*titled, *listed], key=lambda p: p[0])
        return next((p for p in reversed(self._people_at) if p[0] < offset), None)

    def _named_before(self, src: SourceInfo) -> int:
        """Where the text last names a source (its name or surname) before the sentence being read, else -1."""
        parts = [p for p in (src.name or "").split() if len(p) > 2 and p[:1].isupper()]
        if not parts:
            return -1
        found = [m.start() for m in re.finditer(rf"\b{re.escape(parts[-1])}\b", self.text[: self.position])]
        return found[-1] if found else -1

    def resolve_source(self, attribution: Attribution) -> SourceInfo | None:
        """The source an attribution names, resolved against the sources met so far: pronouns, surnames,
        "the agency", "the company", acronyms; a new source is remembered."""
        return self._seen(self._resolve_source(attribution))

    def _resolve_source(self, attribution: Attribution) -> SourceInfo | None:
        src = attribution.source.copy()
        if src.country == "@it":
            src.country = self.resolve_anaphor("it", set(), [])
            if src.country is not None and src.country.islower():
                # "according to its annual report" after a company: the company's home state speaks for no one, but
                # a source's country is a state's code
                src.country = lexicon().home_countries.get(src.country)
        if (
            attribution.pronoun
            and (attribution.pronoun_text or "").lower() in ("i", "we")
            and self.turn is not None
            and self.turn is self.own_line_turn
        ):
            return self.turn  # "What I can tell you is…" under a speaker's line: its speaker, not the last one named
        if attribution.pronoun:
            want_person = attribution.pronoun_text in ("he", "she")
            last = next((prev for prev in reversed(self.sources) if not want_person or prev.name), None)
            introduced = self._person_before(self.position) if want_person else None
            if introduced is not None and (
                last is None
                or (
                    introduced[1] != last.name
                    and introduced[0] > max(self._source_seen.get(id(last), -1), self._named_before(last))
                )
            ):
                # "Its director, Ján Hudec, keeps a chart … 'We make about 10,000 a month,' he said": the person
                # named since the last source spoke
                _, person_name, role = introduced
                surname = person_name.split()[-1]
                known = next((p for p in reversed(self.sources) if p.name and p.name.split()[-1] == surname), None)
                if known is not None:
                    return known  # "Naď" met before as a source: the same person, with what was said of him
                person = _person_source(person_name, role)
                self.sources.append(person)
                self._narrated.add(id(person))
                if last is not None and 0 <= introduced[0] - self._source_seen.get(id(last), -999) < 150:
                    # "Last Friday Maj Gen Vadym Skibitskyi … told reporters" read as a speaker "Last": the person
                    # named inside that speaker's phrase said it that day too
                    said = self.said_on.get(last.key())
                    if said:
                        self.said_on[person.key()] = said
                return person
            return last
        name = src.name
        if name and not (src.role or src.org):
            parts = {p.lower() for p in re.split(r"[\s-]+", name) if len(p) > 2}
            for prev in reversed(self.sources):
                prev_parts = {p.lower() for p in re.split(r"[\s-]+", prev.name or "") if len(p) > 2}
                if parts and parts <= prev_parts:
                    return prev
        words = lexicon().words
        if not name and src.role and src.role.split()[-1].lower() in words.company_words:
            companies = [c for c in reversed(self.recent_actors) if c.islower()]
            if companies:  # "The company says…": the company named before
                src.name = companies[0].replace("_", " ").title()
                src.country = src.country or lexicon().home_countries.get(companies[0])
                name = src.name
        if not name and src.role and not src.org and src.role.split()[-1].lower() in words.generic_bodies:
            # "the agency said", "the directorate added": the body named before
            for prev in reversed(self.sources):
                # (not a person the narrative named: "He told workers…" then "Our intelligence service believes")
                body = prev.org or (prev.name and not prev.role and id(prev) not in self._narrated)
                if body and src.country in (None, prev.country):
                    return prev
        if not name and src.role and not src.org:
            head = src.role.split()[-1].lower()
            for prev in reversed(self.sources):
                if prev.role and head in prev.role.lower() and prev.name and src.country in (None, prev.country):
                    return prev
            if head in self.titled:
                # "the Defence Secretary announced" in a release that names "Defence Secretary John Healey" below
                src.name = name = self.titled[head]
                src.country = src.country or lexicon().people.get(name)
        short = (name or src.org or "").strip()
        if short and len(short.split()) == 1 and not src.role:
            # "According to HUR" after "Ukraine's military intelligence directorate (HUR)"
            for prev in reversed(self.sources):
                if re.search(rf"\b{re.escape(short)}\b", prev.words("name", "org")) and prev is not src:
                    return prev
        if name:
            for prev in reversed(self.sources):
                if prev.name == name:
                    src.fill_from(prev)
                    before = prev.key()
                    for k in ("name", "role", "org", "country", "canonical"):
                        setattr(prev, k, getattr(src, k))
                    if before in self.said_on:
                        self.said_on.setdefault(prev.key(), self.said_on[before])  # (what it said, it still said)
                    return prev
        if src.is_empty():
            return None
        if src.country is None and not vague_speaker(attribution.text) and (not name or src.role):
            # "the agency said", "the ministry added": the body named before, else the last source's side
            last_word = ((src.role or src.org or "").split()[-1:] or [""])[0]
            for prev in reversed(self.sources):
                text = prev.words("name", "role", "org").lower()
                if last_word and last_word.lower().rstrip("s") in text and prev.country:
                    if name:
                        src.country = prev.country  # "ministry spokesman Lysenko" after "Ukraine's ministry"
                        break
                    return prev
            for prev in reversed(self.sources):
                if prev.country and src.country is None:
                    src.country = prev.country
                    break
        if src.country is None and not vague_speaker(attribution.text):
            heads = {w.lower().strip(",.") for w in src.words("name", "role", "org").split()}
            src.country = next((self.bodies[h] for h in heads if h in self.bodies), None) or src.fallback_country
        self.sources.append(src)
        return src


class BorrowedSource:
    """Sources that a document's layout implies: the bullets after "Key findings:" belong to the source
    introduced before the colon; in a Q&A the answers are the interviewee's."""

    def __init__(self, qa_mode: bool, published: date | None = None) -> None:
        self.qa_mode = qa_mode
        self.published = published
        self.section: tuple[SourceInfo, str | None] | None = None  # a heading that names the body speaking below
        self.headings: list[SourceInfo] = []
        self.list_source: tuple[SourceInfo | None, str | None] | None = None
        self.in_list = False
        self.bullet = False
        self.after_question = False
        self.question = False

    def see_sentence(self, text: str, start: int, end: int, ctx: DocumentContext) -> None:
        line_start = text.rfind("\n", 0, start) + 1
        self.bullet = (
            bool(BULLET.match(text, line_start)) and text[line_start:start].strip(" \t•·▪*-–—0123456789.)") == ""
        )
        sentence = text[start:end].rstrip()
        line_end = text.find("\n", start)
        if line_start == start or text[line_start:start].strip(" \t•·▪*-–—📌🔹🔸►▶") == "":
            heading = self._section_heading(text[line_start : len(text) if line_end < 0 else line_end])
            if heading is not None:
                self.section = heading
        self.question = sentence.endswith("?")
        if self.question:
            self.after_question = True
        if self.list_source is not None and not self.bullet and not sentence.endswith(":") and self.in_list:
            self.list_source, self.in_list = None, False
        if self.bullet and self.list_source is not None:
            self.in_list = True
        if sentence.endswith(":") and ctx.sources:
            src = ctx.sources[-1]
            self.list_source = (src, ctx.said_on.get(src.key()))

    def _section_heading(self, line: str) -> tuple[SourceInfo, str | None] | None:
        """ "📌 General Staff of the Armed Forces of Ukraine (post of 17.12.2024, 07:52)": a line that is only a body's
        name (with a date or a few words of label) speaks for what follows it, until the next such line."""
        body = line.strip().lstrip(" \t•·▪*-–—📌🔹🔸►▶").strip()
        if not body or len(body) > 120 or body.endswith((".", "?", "!")):
            return None
        m = longest_organisation(body.lower())
        # a dated heading only: a body's name alone on a line is as often a title, a letterhead or a sign-off
        if (
            m is not None
            and m.start() == 0
            and _HEADING_TRAILER.fullmatch(body[m.end() :])
            and SAID_DATE_RE.search(body[m.end() :])
        ):
            phrase, end = m.group(0), m.end()
            lex = lexicon()
            name = body[:end]
            src = SourceInfo(
                name=name,
                org=name,
                country=lex.organisations.get(phrase),
                canonical=lex.organisation_canonical.get(phrase),
            )
            self.headings.append(src)
        else:
            # "📌 General Staff, evening report (…)": the short form of a body a heading named before
            short = re.split(r"[,(:–—]", body, maxsplit=1)[0].strip()
            earlier = next((h for h in reversed(self.headings) if short and (h.name or "").startswith(short)), None)
            if earlier is None or len(short.split()) < 2 or not _HEADING_TRAILER.fullmatch(body[len(short) :]):
                return None
            src, end = earlier, len(short)
        said = SAID_DATE_RE.search(body[end:])
        day = resolve_said_date(said, self.published) if said else None
        return src, day.isoformat() if day else None

    def source_for(self, ctx: DocumentContext) -> tuple[SourceInfo | None, str | None]:
        if self.bullet and self.list_source is not None:
            return self.list_source
        if self.qa_mode and self.after_question and not self.question:
            for src in ctx.sources:
                if src.name:
                    if src.country is None and not vague_speaker(src.words()):
                        src.country = ctx.origin  # an interview translated from Czech: a Czech minister
                    return src, ctx.said_on.get(src.key())
        if self.section is not None:
            src, said = self.section
            return src.copy(), said
        return None, None


# what may follow a body's name on a heading line: a short label and a bracketed date ("(post of 17.12.2024)")
_HEADING_TRAILER = re.compile(r"\s*(?:[,:–—-]\s*[^\W\d]+(?:\s+[^\W\d]+){0,3})?\s*(?:\([^()]{0,60}\))?\s*:?\s*")


def vague_speaker(text: str) -> bool:
    """ "Western officials", "some analysts", "NATO officials": a speaker that stands for no single state."""
    words = set(text.lower().replace("'s", "").split())
    return bool(words & lexicon().words.vague_speaker_words)


def source_key(src: SourceInfo | None) -> str | None:
    """The identity of a source within a document, None for the document's own voice."""
    return src.key() if src is not None else None


def dateline_country(text: str, actor_tagger, nlp: Language) -> str | None:
    """The state of a wire story's dateline city ("SEOUL, Feb 26 (Wirewatch) -"), if there is one."""
    for line in text.split("\n")[:4]:
        m = LEAD.match(line)
        if m and "," in m.group(0):
            city = m.group(0).split(",")[0].strip().title()
            city_doc = actor_tagger(nlp.make_doc(city))
            codes = [
                a.label_ for a in city_doc.spans.get("actors", []) if a.label_ not in ("ANAPHOR", "EU", "NATO", "UN")
            ]
            if codes:
                return codes[0]
    return None


def header_place(text: str, actor_tagger, nlp: Language) -> str | None:
    """The state of a place a transcript's heading gives on a line of its own ("Department Press Briefing … /
    Matthew Miller, Department Spokesperson / Washington, D.C."): where the briefing was given, as a dateline."""
    for line in [x for x in text.split("\n") if x.strip()][:8]:
        place = re.sub(r",?\s*D\.\s?C\.?$", "", line.strip()).strip(" ,.")
        if place.isupper() and len(place.split()) == 1:
            place = place.capitalize()  # "CANBERRA" alone on its line (not a letterhead's "REPUBLIC OF LITHUANIA")
        if not place or len(place.split()) > 3 or any(ch.isdigit() for ch in place):
            continue
        place_doc = actor_tagger(nlp.make_doc(place))
        actors = [a for a in place_doc.spans.get("actors", []) if a.label_ not in ("ANAPHOR", "EU", "NATO", "UN")]
        if len(actors) == 1 and actors[0].start == 0 and actors[0].end == len(place_doc):
            return actors[0].label_
    return None


TRANSLATED_FROM = re.compile(r"\b(?i:translat(?:ed|ion))\b[^.\n]{0,60}?\bfrom (?:the )?([A-Z][a-z]+)\b")


def translated_from(text: str) -> str | None:
    """The state whose language a translation note names ("Translated from Czech by the Embassy Press Monitoring
    Unit"): the state an interviewed official speaks for when the text never names it. None for a language of
    several states (Spanish, Arabic)."""
    m = TRANSLATED_FROM.search(text)
    if m is None or m.group(1).lower() in lexicon().words.shared_languages:
        return None
    code = lexicon().actor_aliases.get(m.group(1))
    return code if code and code.isupper() and len(code) == 3 else None


def record_state(text: str, actor_tagger, nlp: Language) -> str | None:
    """The state of the body a record is headed by ("SEJM OF THE REPUBLIC OF POLAND", "Ministry of Defence of
    Ukraine — Press release", "Lok Sabha … Government of India"), from its first lines."""
    bodies = lexicon().words.record_bodies
    lines = [x for x in text.split("\n") if x.strip()][:6]
    for k, line in enumerate(lines):
        words = " " + re.sub(r"[^\w\s]", " ", line.lower()) + " "
        if (
            len(line) > 90
            or line.lstrip().startswith(("(", "["))
            or re.match(r"\s*\w{1,12}:", line)
            or not any(f" {b} " in words for b in bodies)
        ):
            continue  # a record's heading, not a wire story's "(Adds …)" line or a transcript's turn
        codes = _states_in(mixed_case(line), actor_tagger, nlp)
        if not codes and k > 0 and len(lines[k - 1]) <= 60:
            # a letterhead over two lines: "REPUBLIC OF CROATIA" above "MINISTRY OF DEFENCE"
            codes = _states_in(mixed_case(lines[k - 1]), actor_tagger, nlp)
        if len(codes) == 1:
            return codes.pop()
    return None


@lru_cache(maxsize=8)
def _dash_labels(text: str) -> frozenset[str]:
    """The names of a text's dashed speaker lines (`DASH_LABEL`)."""
    return frozenset(m.group(1) for m in DASH_LABEL.finditer(text) if m.start() > 0 and text[m.start() - 1] == "\n")


# A participant in a call's list: "Robert J. Harlan, Chairman and Chief Executive Officer", "Aaron Feld, Halberd
# Securities"
ROSTER_LINE = re.compile(r"[ \t]*([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3}),[ \t]+([A-Z][^\n]{1,100}?)[ \t]*(?=\n)")


# A speaker's line alone over the speech: "Daniel Ashworth (Calder Vale) (Lab)", "Dr McRae", "Robert J. Harlan"
NAME_LINE = re.compile(
    r"((?:(?:Mr|Mrs|Ms|Dr|Sir|Dame|Lord|Baroness|Hon)\.? )?[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})"
    r"((?: \([^()\n]{2,60}\)){0,2})"
)
# The same by office with the name in brackets: "The Minister for Industry and Exports (Rhodri Evans)"
OFFICE_NAME_LINE = re.compile(r"(The [A-Z][^()\n]{2,80}) \(([A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3})\)")


@lru_cache(maxsize=8)
def _name_lines(text: str) -> dict[str, tuple[str, str | None]]:
    """The lines of a text that name a speaker alone over the speech, as line -> (name, office): the participants a
    call's opening lists with their offices ("Denise Okoro, Executive Vice President and Chief Financial Officer"),
    and the names of a debate's speeches when at least two speakers open more than one ("Daniel Ashworth (Calder
    Vale) (Lab)" … "Daniel Ashworth")."""
    lines = text.split("\n")
    cut = text.find("\n", 3000)
    head = text if cut < 0 else text[:cut]  # the opening's whole lines
    listed = {
        m.group(1): m.group(2) for m in ROSTER_LINE.finditer(head) if text[m.start() - 1 : m.start()] in ("\n", "")
    }
    lex = lexicon()
    found: list[tuple[str, str, str | None]] = []  # (line, name, office)
    for k in range(1, len(lines) - 1):
        line = lines[k].strip()
        if not line or lines[k - 1].strip() or not lines[k + 1].strip():
            continue  # alone after a blank line, over the speech
        if line in listed:
            found.append((line, line, listed[line]))
        elif (office := OFFICE_NAME_LINE.fullmatch(line)) is not None:
            found.append((line, office.group(2), office.group(1)))
        elif (name := NAME_LINE.fullmatch(line)) is not None:
            # "The Minister" after "The Minister for Industry and Exports (Rhodri Evans)": the same person
            holder = next((n for _, n, o in found if o and line.startswith("The ") and o.startswith(line)), None)
            first = name.group(1).split()[0].lower().strip(".")
            if holder is not None:
                found.append((line, holder, None))
            elif first not in lex.words.non_speaker_labels and name.group(1) not in lex.actor_aliases:
                # "(Calder Vale) (Lab)": a member's seat and party make the line a speaker's
                found.append((line, name.group(1), "" if name.group(2) else None))
    surnames = Counter(name.split()[-1] for _, name, _ in found)
    if sum(1 for n in surnames.values() if n >= 2) < 2 and sum(1 for line, _, _ in found if line in listed) < 2:
        return {}
    return {
        line: (name, office or None)
        for line, name, office in found
        if line in listed or office is not None or surnames[name.split()[-1]] >= 2
    }


# A company's legal form or its stock ticker after its name on a record's first line: "Castellan Defense Systems, Inc.
# (NYSE: CDSI)", "Nordvik Ammunition ASA (OSE: NAMO)"
_LEGAL_FORM = re.compile(
    r"^([A-Z][\w&'’.-]*(?: [A-Z&][\w&'’.-]*){0,5}?)"
    r"(?:,?\s+(?:Inc|Corp|Corporation|Co|Ltd|Limited|plc|PLC|AG|SE|S\.A|SA|N\.V|NV|ASA|AB|Oyj|GmbH|LLC|a\.s|S\.p\.A)\.?)*"
    r"\s*(?P<ticker>\((?:[A-Z]{2,8}:\s*[A-Z0-9.]{1,10}|[0-9A-Z]{3,8}\.[A-Z]{1,3})\))?\s*$"
)


def _unlisted_company(line: str, text: str) -> tuple[str, str] | None:
    """A company no list knows, named on a record's first line with its legal form or ticker; its slug is the
    shortest start of its name the text goes on to use ("Castellan" of "Castellan Defense Systems, Inc.")."""
    m = _LEGAL_FORM.match(line.strip())
    if m is None or (m.group("ticker") is None and m.group(0).strip() == m.group(1)):
        return None
    name = m.group(1)
    words = name.split()
    body = text[len(line) :]
    short = next(
        (
            " ".join(words[:k])
            for k in range(1, len(words))
            if len(re.findall(rf"(?<![\w-]){re.escape(' '.join(words[:k]))}(?![\w-])", body)) >= 2
        ),
        name,
    )
    return name, actor_slug(short)


def host_company(text: str, actor_tagger, nlp: Language) -> tuple[str, str] | None:
    """The company a record is of: its first line names one company and little else ("Hanwha Aerospace Co., Ltd.
    (012450.KS)" over "Q2 2025 Earnings Conference Call"), as (name as written, slug)."""
    lines = [x for x in text.split("\n") if x.strip()][:1]
    for line in lines:
        if len(line) > 80:
            continue
        line_doc = actor_tagger(nlp.make_doc(mixed_case(line.strip())))
        found = [a for a in line_doc.spans.get("actors", []) if a.label_ != "ANAPHOR"]
        if (
            len(found) == 1
            and found[0].label_.islower()
            and found[0].start == 0
            and found[0].label_ not in lexicon().armed_groups  # "Hezbollah's arsenal, by the numbers"
        ):
            return found[0].text, found[0].label_
        if not found:
            return _unlisted_company(line, text)
    return None


def mixed_case(line: str) -> str:
    """A heading in capitals as the tagger reads names ("SEJM OF THE REPUBLIC OF POLAND")."""
    return " ".join(
        w.lower()
        if w.lower() in ("of", "the", "and", "for") and w.isupper()
        else w.capitalize()
        if w.isupper() and len(w) > 3
        else w
        for w in line.split()
    )


def _states_in(line: str, actor_tagger, nlp: Language) -> set[str]:
    """The states a line names, not those it names as a recipient ("… announces new military aid for Ukraine")."""
    line_doc = actor_tagger(nlp.make_doc(line))
    preps = lexicon().words.recipient_prepositions
    return {
        a.label_
        for a in line_doc.spans.get("actors", [])
        if len(a.label_) == 3 and a.label_.isupper() and not (a.start > 0 and line_doc[a.start - 1].lower_ in preps)
    }

"""Why a reading of a sentence is not a claim: named predicates in one registry.

Each veto looks at a `Reading` (the candidate, its trigger, kind, frame, status) and says whether
SCHEMA's annotation rules exclude it. The claim assembler runs them in order and drops a reading
the first one refuses. Add a veto with `@veto("name")`; its docstring is the rule it enforces."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Token

from armsledger.extract.components.candidates import Candidate, SentenceParts
from armsledger.extract.intermediates import QuantityInfo
from armsledger.extract.reference import Lexicon


@dataclass
class Reading:
    """A candidate read against its trigger: what kind of claim it would be, and how."""

    candidate: Candidate
    parts: SentenceParts
    lex: Lexicon
    trigger: Token
    path: list[Token]
    kind: str
    frame: str
    inherit_flow: str | bool = False
    status: str = "actual"
    request: bool = False
    stop: bool = False
    generic_capacity: bool = False
    limit: bool = False
    recipient_named: bool = False
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def info(self) -> QuantityInfo | None:
        q = self.candidate.quantity
        return q._.quantity if q is not None else None


Veto = Callable[[Reading], bool]
VETOES: list[tuple[str, Veto]] = []


def veto(name: str) -> Callable[[Veto], Veto]:
    """Register a veto under `name` (run in registration order)."""

    def register(fn: Veto) -> Veto:
        VETOES.append((name, fn))
        return fn

    return register


def first_veto(reading: Reading) -> str | None:
    """The name of the first veto that refuses this reading, or None when it is a claim."""
    for name, fn in VETOES:
        if fn(reading):
            return name
    return None


@veto("weak_production")
def _weak_production(r: Reading) -> bool:
    """ "boost spending" is no production claim: a weak production verb needs a rate or a production word."""
    if r.kind != "production" or r.trigger.lemma_.lower() not in r.lex.predicates_file.weak_production:
        return False
    if any(c.dep_ == "prt" and c.lower_ in r.lex.words.production_particles for c in r.trigger.children):
        return False  # "turned out about 500 interceptors", "churns out": a phrasal verb of making
    is_rate = r.info is not None and r.info.per is not None
    text = r.parts.doc.text.lower()
    return not is_rate and not any(stem in text for stem in r.lex.words.production_stems)


@veto("uncounted")
def _uncounted(r: Reading) -> bool:
    """SCHEMA rule 1: only transfers are claims without a number."""
    return r.kind != "transfer" and r.info is None


@veto("money_not_a_transfer")
def _money_not_a_transfer(r: Reading) -> bool:
    """Budgets, prices and spending are not production or stocks of anything."""
    return r.info is not None and r.info.is_money and r.kind != "transfer"


@veto("count_of_packages")
def _count_of_packages(r: Reading) -> bool:
    """SCHEMA: `military_aid` is a sum of money; "47 packages" counts announcements, not materiel."""
    info = r.info
    return r.candidate.item == "military_aid" and info is not None and not info.is_money and info.unit == "item"


@veto("proposed_sale_mention")
def _proposed_sale_mention(r: Reading) -> bool:
    """ "The proposed sale of this equipment will not alter the basic military balance": a notice's boilerplate
    names the sale it announces again, with no figure; it states no transfer of its own."""
    w = r.lex.words
    return (
        r.info is None
        and r.trigger.lemma_.lower() in w.sale_nouns
        and any(c.lower_ in w.approval_modifiers or c.lower_ in w.anaphoric_determiners for c in r.trigger.children)
    )


@veto("casualty_figure")
def _casualty_figure(r: Reading) -> bool:
    """SCHEMA rule 3: "1,000 Russian soldiers dead or wounded" is a casualty figure."""
    anchor = r.candidate.anchor
    return r.candidate.item == "troops" and any(
        t.lower_ in r.lex.words.casualty_words for t in r.parts.doc[anchor.i + 1 : anchor.i + 4]
    )


@veto("party_not_cargo")
def _party_not_cargo(r: Reading) -> bool:
    """ "his fighters receive…": the subject of giving or receiving is a party, not the cargo."""
    anchor = r.candidate.anchor
    if r.parts.doc._.layout == "bullet" and not any(c.dep_ == "dobj" for c in r.trigger.children):
        return False  # "– M113 armoured personnel carriers: 105 delivered": a list's shorthand passive
    return r.frame in ("give", "receive") and anchor.dep_ == "nsubj" and anchor.head.i == r.trigger.i


@veto("quality_by_share")
def _quality_by_share(r: Reading) -> bool:
    """Quality claims are read from a share of duds (see special_claims.py), not from a counted noun."""
    return r.kind == "quality"


@veto("cap_or_share")
def _cap_or_share(r: Reading) -> bool:
    """SCHEMA rule 3: caps and shares of a whole ("a fraction of the shells", "90 percent of the chips")."""
    return any(t._.status_cue == "cap" for t in r.path) or any(
        t.lemma_.lower() in r.lex.words.share_nouns and any(c.lower_ == "of" for c in t.children) for t in r.path[1:]
    )


@veto("request")
def _request(r: Reading) -> bool:
    """SCHEMA rules 3 and 15: requests, wishes, needs and hopes are not claims."""
    return r.request


@veto("hypothetical")
def _hypothetical(r: Reading) -> bool:
    """ "whether the North is being supplied with technology", "the possibility of further transfers": a
    question or a possibility raised is no claim."""
    hypo = r.lex.words.hypothetical_words
    node = r.trigger
    for _ in range(6):
        if any(c.dep_ == "mark" and c.lower_ in hypo for c in node.children) or node.lemma_.lower() in hypo:
            return True
        if node.head.i == node.i:
            break
        node = node.head
    return False


@veto("stop_or_ban")
def _stop_or_ban(r: Reading) -> bool:
    """SCHEMA rule 14: a pause, ban or embargo on sales is no claim."""
    return r.stop


@veto("generic_capacity")
def _generic_capacity(r: Reading) -> bool:
    """ "A container can carry 28 tonnes", "the 240 mm launcher can fire 12 rockets in a salvo": what one of a
    kind could do, not a flow."""
    return r.generic_capacity


@veto("destroyed_not_used")
def _destroyed_not_used(r: Reading) -> bool:
    """ "53 attack UAVs were shot down": what was destroyed is neither used nor moved."""
    particle = r.lex.words.destruction_particles.get(r.trigger.lemma_.lower())
    return bool(particle) and any(c.lower_ == particle for c in r.trigger.children)


@veto("money_to_nobody")
def _money_to_nobody(r: Reading) -> bool:
    """ "a €500 million plant": a sum no transfer to a named recipient governs is no aid."""
    return r.candidate.bare_money and r.kind == "transfer" and not r.inherit_flow and not r.recipient_named


@veto("limit")
def _limit(r: Reading) -> bool:
    """SCHEMA rule 3: "may import no more than 500,000 barrels" under a rule is a limit, not a flow."""
    return r.info is not None and r.info.qualifier == "at_most" and r.limit


@veto("option_rider")
def _option_rider(r: Reading) -> bool:
    """ "ordered 12 of the jets, with an option for 36 more": an option riding on an order is no transfer yet (an option
    a contract "includes" is read as its own claim)."""
    return any(t.lemma_.lower() in r.lex.words.option_nouns and t.head.lower_ == "with" for t in r.path[1:])

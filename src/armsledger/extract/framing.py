"""List frames: a list item ("– 4 IRIS-T SLM air defence systems") takes what its list's introduction
and headings state once: kind, supplier, recipient, status, source, date and deadline.

The frame is read, in order of preference, from a claim of the introducing sentence ("Germany will send
Ukraine a package that includes:"), from status words in the introduction and the headings above
("II. Goods committed and in preparation"), and from the document's main flow (the supplier and
recipient most of its transfers name)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from spacy.tokens import Doc

from armsledger.extract.discourse import SentenceRole
from armsledger.extract.intermediates import SentenceClaim, SourceInfo
from armsledger.extract.reference import lexicon

HINT_STATUSES = ("committed", "target", "capacity")
PACKAGE_LOOKBACK = 4  # sentences before a list's introduction that may announce its package


@dataclass
class ListFrame:
    kind: str = "transfer"
    supplier: str | None = None
    recipient: str | None = None
    actor: str | None = None
    status: str = "actual"
    source: SourceInfo | None = None
    said_on: str | None = None
    by: str | None = None
    excluded: bool = False  # the list is of needs, requests or bans: its items are no claims
    requested: bool = False  # … of a buyer's requests: claims in a notice that approves the sale (`settle_requests`)
    approved: bool = False  # a list in a notice that approves a sale: its transfers are committed


def titled_recipient(sdoc: Doc) -> str | None:
    """The state a heading says aid goes to: "Military support for Ukraine", "Deliveries to Ukraine"."""
    w = lexicon().words
    items = {t.i for sp in sdoc.spans.get("items", []) for t in sp}
    for a in sdoc.spans.get("actors", []):
        prep = a.root.head
        if (
            a.root.dep_ == "pobj"
            and a.label_.isupper()
            and prep.lower_ in w.destination_prepositions | {"for"}
            and (prep.head.i in items or any(k == "transfer" for k, _ in (prep.head._.triggers or [])))
        ):
            return str(a.label_)
    return None


def intro_parties(sdoc: Doc) -> tuple[str | None, str | None]:
    """Who gives and who receives in a list's introduction that names no item: "Denmark has donated the
    following:", "Ukraine has received from Norway:"."""
    w = lexicon().words
    supplier = recipient = None
    for tok in sdoc:
        frames = [f for k, f in (tok._.triggers or []) if k == "transfer"]
        if tok.pos_ != "VERB" or not frames:
            continue
        for a in sdoc.spans.get("actors", []):
            if not a.label_.isupper():
                continue
            if a.root.dep_ == "nsubj" and a.root.head.i == tok.i:
                if "receive" in frames:
                    recipient = recipient or a.label_
                else:
                    supplier = supplier or a.label_
            elif a.root.dep_ == "pobj" and a.root.head.head.i == tok.i:
                if a.root.head.lower_ in w.destination_prepositions:
                    recipient = recipient or a.label_
                elif a.root.head.lower_ in w.origin_prepositions:
                    supplier = supplier or a.label_
        break
    return supplier, recipient


def status_hint(sdoc: Doc) -> str | None:
    """What a heading or introduction says of the status of what follows: "committed", "target",
    "capacity", "actual" (delivered, supplied), "excluded" (bans, losses), "request" (needs, requests) or None."""
    cues = [t._.status_cue for t in sdoc if t._.status_cue]
    if "stop" in cues or any(t.lemma_.lower() in lexicon().words.loss_words for t in sdoc):
        return "excluded"  # a list of bans or losses ("the enemy's losses: tanks — 10,245")
    if "request" in cues:
        return "request"  # a list of needs or requests: no claims, unless the document approves the sale
    for status in HINT_STATUSES:
        if status in cues:
            return status
    if any(t.lemma_.lower() in lexicon().words.package_nouns for t in sdoc):
        return "package"  # "The capabilities in this package include:": as the package was announced
    if any(t._.triggers and t.tag_ in ("VBN", "VBD") and any(k == "transfer" for k, _ in t._.triggers) for t in sdoc):
        return "actual"
    return None


def kind_hint(sdoc: Doc) -> tuple[str, str | None] | None:
    """What a heading or introduction says the list below it counts, when not transfers ("PRODUCTION", "Diehl
    Defence has expanded production at three plants:"), with the producer or holder it names first as subject."""
    kinds = lexicon().words.list_kinds
    kind = next((k for t in sdoc for k, words in kinds.items() if t.lemma_.lower() in words), None)
    if kind is None:
        return None
    actors = [a for a in sdoc.spans.get("actors", []) if a.label_ != "ANAPHOR"]
    subject = next((a for a in actors if a.root.dep_ in ("nsubj", "nsubjpass")), None) or next(iter(actors), None)
    return kind, subject.label_ if subject is not None else None


def main_flow(
    claims: list[SentenceClaim],
    mentions: Counter[str],
    titled_recipient: str | None = None,
    home: str | None = None,
) -> tuple[str | None, str | None]:
    """The supplier and recipient a document's transfers name most often; a side no transfer names is the
    state the document names most often (an official list of a state's aid names the state throughout).
    `titled_recipient` is the recipient a heading names ("Military support for Ukraine"), for documents
    whose transfers are all list items; `home` the state the document is a record of (its ministry's report)."""
    transfers = [c for c in claims if c.kind == "transfer"]
    # each sentence counts a pair once (one aside naming two aircraft types is one aside), and of pairs named as often,
    # the home state's comes first
    said = dict.fromkeys(
        (c.sentence, c.supplier, c.recipient)
        for c in transfers
        if c.supplier and c.recipient and c.supplier != c.recipient
    )
    counted = Counter((s, r) for _, s, r in said)
    pairs = Counter(dict(sorted(counted.items(), key=lambda kv: kv[0][0] != home)))
    states = Counter({p: n for p, n in pairs.items() if p[0].isupper()})
    suppliers = Counter(c.supplier for c in transfers if c.supplier)
    recipients = Counter(c.recipient for c in transfers if c.recipient)
    if states or pairs:
        (pair, n), *_ = (states or pairs).most_common(1)  # a state's list names the state, not one maker
        if titled_recipient and titled_recipient not in pair and home and home != titled_recipient:
            # a ministry's report on aid to Ukraine: asides in its notes ("agreed to sell Slovakia 12 helicopters")
            # do not make the flow of its tables
            return home, titled_recipient
        if n == 1 and home and pair == (pair[0], titled_recipient) and home not in pair:
            return home, titled_recipient  # the state whose report it is, not one aside's donor ("EU-funded")
        to_titled = [p for p, _ in (states or pairs).most_common() if p[1] == titled_recipient]
        if titled_recipient and titled_recipient not in pair and to_titled:
            # "Australia steps up support for Ukraine" over asides on its own purchases ("acquired its fleet from the
            # United States"): the flow to the title's recipient
            return to_titled[0]
        if n == 1 and titled_recipient and titled_recipient not in pair:
            # "Norway's military support to Ukraine" over one aside ("Norway financed air defence from Germany"):
            # the title's recipient, given by the state the document names most
            named = [code for code, _ in mentions.most_common() if code.isupper() and code != titled_recipient]
            if home and home != titled_recipient:
                named.insert(0, home)  # the state whose ministry's report it is gives
            return (named[0] if named else None), titled_recipient
        # one aside ("Bucharest ordered replacements from the United States") does not outvote the recipient the
        # document's transfers name again and again
        if n > 1 or recipients[pair[1]] >= recipients.most_common(1)[0][1]:
            return pair
    supplier = suppliers.most_common(1)[0][0] if suppliers else None
    if home and (supplier is None or suppliers[supplier] == 1) and home != titled_recipient:
        supplier = home  # a ministry's report: one aside's donor ("assistance measures under the EU's facility") gives
    # with no transfer naming both sides, the recipient a title names outweighs asides ("agreed to sell Slovakia 12
    # helicopters" in the notes under a report on aid to Ukraine)
    recipient = titled_recipient or (recipients.most_common(1)[0][0] if recipients else None)
    named = [code for code, _ in mentions.most_common() if code.isupper() and code not in (supplier, recipient)]
    if supplier is None and recipient is not None and named:
        supplier = named[0]
    elif recipient is None and supplier is not None and named:
        recipient = named[0]
    return supplier, recipient


_NO_CLAIMS = ("excluded", "request")  # hints of lists whose items are no claims


def frame_for(
    role: SentenceRole,
    by_sentence: dict[int, list[SentenceClaim]],
    hints: dict[int, str | None],
    flow: tuple[str | None, str | None],
    parties: dict[int, tuple[str | None, str | None]] | None = None,
    kinds: dict[int, tuple[str, str | None] | None] | None = None,
    host: str | None = None,
) -> ListFrame:
    """The frame a list item inherits from its introduction and headings; `kinds` holds what those say the list
    counts (`kind_hint`), `host` the company whose document it is."""
    frame = ListFrame(supplier=flow[0], recipient=flow[1])
    said = (parties or {}).get(role.intro[-1], (None, None)) if role.intro else (None, None)
    if said != (None, None):  # "Denmark has donated the following:"
        frame.supplier = said[0] or (frame.supplier if frame.supplier != said[1] else None)
        frame.recipient = said[1] or (frame.recipient if frame.recipient != said[0] else None)
    # the introduction's last sentence speaks for the list ("Sweden has previously donated, among other things:"),
    # an earlier one only when the last states no claim
    intro_claims = [c for i in reversed(role.intro) for c in by_sentence.get(i, [])]
    base = next((c for c in intro_claims if c.kind == "transfer" and (c.supplier or c.recipient)), None) or next(
        iter(intro_claims), None
    )
    hints = {i: _package_status(i, h, by_sentence) for i, h in hints.items()}
    last_hint = hints.get(role.intro[-1]) if role.intro else None
    if base is not None:
        frame.kind, frame.status, frame.by = base.kind, base.status, base.by
        frame.source, frame.said_on = base.source, base.said_on
        if base.kind == "transfer":
            frame.supplier = base.supplier or frame.supplier
            frame.recipient = base.recipient or frame.recipient
        else:
            frame.actor = base.actor
    if base is None:
        said_kind = next(
            (k for i in (*reversed(role.intro), *role.headings) if (k := (kinds or {}).get(i)) is not None), None
        )
        if said_kind is not None:  # "Diehl Defence has expanded production at …:" over "- IRIS-T missiles: 500 a year"
            frame.kind, frame.actor = said_kind[0], said_kind[1] or host
    opener_says = base is not None and last_hint not in (None, *_NO_CLAIMS) and base.sentence != role.intro[-1]
    if opener_says and last_hint is not None:  # (opener_says implies a hint)
        frame.status = last_hint  # the claim came from an earlier sentence; the list's own opener says how
    for i in (*reversed(role.intro), *role.headings):  # the sentence nearest the list speaks first
        hint = hints.get(i)
        if hint in _NO_CLAIMS and i in role.intro:
            frame.excluded, frame.requested = True, hint == "request"
        elif hint is not None and hint not in _NO_CLAIMS and not opener_says:
            if base is None or frame.status == "actual":
                frame.status = hint
            break
    return frame


def _approved(frame: ListFrame, approval: SentenceClaim) -> None:
    """A buyer's list of requests in a notice that approves the sale ("The Government of the Philippines has
    requested to buy:") or of what the sale consists of: what the approval commits, from the approving state to the
    buyer (`settle_requests`)."""
    frame.excluded, frame.status, frame.approved = False, "committed", True
    if frame.requested:
        frame.kind = "transfer"
    frame.supplier = approval.supplier or frame.supplier
    frame.recipient = approval.recipient or frame.recipient


def _package_status(sentence: int, hint: str | None, by_sentence: dict[int, list[SentenceClaim]]) -> str | None:
    """The status a list under "The package contains:" takes: that of the package as the sentences just before
    announced it ("Lithuania has delivered a new package…" → actual), else committed (SCHEMA rule 11)."""
    if hint != "package":
        return hint
    aid = lexicon().items_file.generic_items
    for i in range(sentence - 1, max(-1, sentence - PACKAGE_LOOKBACK), -1):
        said = [c for c in by_sentence.get(i, []) if c.kind == "transfer" and c.item in aid]
        if said and (said[0].status != "actual" or said[0].done):
            return said[0].status
    return "committed"


def apply_frames(
    claims: list[SentenceClaim],
    roles: list[SentenceRole],
    hints: dict[int, str | None],
    heading_claims: list[SentenceClaim],
    mentions: Counter[str],
    titled_recipient: str | None = None,
    parties: dict[int, tuple[str | None, str | None]] | None = None,
    kinds: dict[int, tuple[str, str | None] | None] | None = None,
    host: str | None = None,
) -> list[SentenceClaim]:
    """List items completed from their frames; items of excluded lists dropped."""
    by_sentence: dict[int, list[SentenceClaim]] = {}
    for c in claims:
        by_sentence.setdefault(c.sentence, []).append(c)
    flow = main_flow(claims + heading_claims, mentions, titled_recipient)
    frames: dict[tuple, ListFrame] = {}
    approval = next((c for c in claims if c.approval), None)
    out = []
    for c in claims:
        role = roles[c.sentence]
        if role.role != "bullet":
            out.append(c)
            continue
        key = (role.intro, role.headings)
        if key not in frames:
            frames[key] = frame_for(role, by_sentence, hints, flow, parties, kinds, host)
            if approval is not None and (frames[key].requested or frames[key].status == "actual"):
                _approved(frames[key], approval)  # a notice approving a sale lists what it commits
        frame = frames[key]
        if not frame.excluded and _inherit(c, frame):
            out.append(c)
    for c in out:
        if c.kind == "transfer" and c.supplier and c.supplier == c.recipient:
            _unfold_self_transfer(c, flow)
    return out


def _unfold_self_transfer(c: SentenceClaim, flow: tuple[str | None, str | None]) -> None:
    """A state does not supply itself ("Japan" read as both sides of "Japan's equipment for Ukraine"): the side the
    document's main flow does not give that state is taken from the flow, else it is left unknown."""
    supplier, recipient = flow
    if supplier == c.supplier and recipient and recipient != c.supplier:
        c.recipient = recipient
    elif recipient == c.recipient and supplier and supplier != c.recipient:
        c.supplier = supplier
    else:
        c.supplier = None


def _inherit(c: SentenceClaim, frame: ListFrame) -> bool:
    """Complete a list item from its frame; False when it is then no claim (an uncounted item in a list of
    production, use or stocks)."""
    if c.inherit_flow == "list":
        c.inherit_flow = False
        c.kind = frame.kind
        if c.kind == "transfer" and c.origin and c.labelled and c.labelled != c.origin:
            # "- Egypt: about 200 K9 howitzers from Hanwha Aerospace": the line's label buys from the item's seller
            c.supplier, c.recipient, c.labelled = c.origin, c.labelled, None
        elif c.kind == "transfer":
            c.supplier = c.supplier or frame.supplier or c.origin
            c.recipient = c.recipient or frame.recipient
        elif c.quantity is None:
            return False
        else:
            c.actor = c.actor or frame.actor
    elif c.kind == "transfer" and not c.supplier and not c.recipient:
        c.supplier, c.recipient = frame.supplier, frame.recipient
    elif c.kind == "transfer" and c.recipient is None and c.supplier == frame.supplier:
        c.recipient = frame.recipient  # "• Denmark has donated 18 Bohdana howitzers produced in Ukraine"
    if c.kind == "transfer" and c.labelled and c.recipient not in (None, c.labelled):
        c.supplier = c.labelled  # "- Latvia: 2,000 drones handed over to Ukraine's forces": the line's donor
    if c.kind == "transfer" and c.joint_supply:
        c.supplier = None  # "• CV90 infantry fighting vehicles: 45, delivered in cooperation with Sweden"
    if c.status == "actual" and (c.kind == "transfer" or not frame.approved):
        c.status = frame.status
    if c.source is None and frame.source is not None:
        c.source, c.said_on = frame.source, c.said_on or frame.said_on
    c.by = c.by or (c.deadline if c.status in ("target", "committed") else None) or frame.by
    return True

"""Score predicted claims against gold claims exactly as shared/tools/score_claims.py does:
greedy one-to-one matching on the claim core and a 1 % value tolerance, then precision,
recall, F1 per kind and overall, and attribute accuracy over the matched pairs."""

from __future__ import annotations

from collections import defaultdict

SCORED_KINDS = {"transfer", "production", "consumption", "stockpile", "quality"}
ATTRIBUTES = ["qualifier", "status", "polarity", "hedged", "source.country", "source.name", "said_on", "by"]


def _q(claim: dict, key: str):
    q = claim.get("quantity") or None
    return None if q is None else q.get(key)


def core_key(c: dict) -> tuple:
    return (
        c.get("kind"),
        c.get("supplier"),
        c.get("recipient"),
        c.get("actor"),
        c.get("item"),
        _q(c, "unit"),
        _q(c, "per"),
    )


def values_agree(g: dict, p: dict) -> bool:
    if g.get("quantity") is None or p.get("quantity") is None:
        return g.get("quantity") is None and p.get("quantity") is None
    try:
        gv, pv = float(_q(g, "value")), float(_q(p, "value"))
    except (TypeError, ValueError):
        return False
    return abs(gv - pv) <= 0.01 * max(abs(gv), 1e-12)


def attribute(c: dict, name: str):
    if name == "qualifier":
        return _q(c, "qualifier")
    if name.startswith("source."):
        return (c.get("source") or {}).get(name.split(".", 1)[1])
    return c.get(name)


def name_matches(gold, pred) -> bool:
    """A word of the gold name (3+ letters) appears in the predicted name, org or role."""
    if gold is None or pred is None:
        return gold is None and pred is None
    if isinstance(pred, (list, tuple)):
        pred = " ".join(map(str, pred))
    words = [w.strip(".,'\"").lower() for w in str(gold).replace("-", " ").split()]
    text = str(pred).lower().replace("-", " ")
    return any(len(w) >= 3 and w in text for w in words)


def attr_equal(name: str, gold, pred) -> bool:
    if isinstance(gold, list):
        return any(attr_equal(name, g, pred) for g in gold)
    if name == "source.name":
        return name_matches(gold, pred)
    if name == "by" and gold is not None and pred is not None:
        return str(pred).startswith(str(gold)) or str(gold).startswith(str(pred))
    return gold == pred


def match_doc(gold: list[dict], pred: list[dict]) -> list[tuple[int, int]]:
    """One-to-one pairs of equal core and agreeing value. Among such candidates the pair agreeing on
    more attributes is taken first (as the reference scorer does), so two mentions of one flow from
    different sources pair with the right partners."""
    candidates = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if core_key(g) == core_key(p) and values_agree(g, p):
                agree = sum(
                    _agrees(g, p, a) for a in ATTRIBUTES if not (a == "source.name" and attribute(g, a) is None)
                )
                candidates.append((-agree, gi, pi))
    pairs, used_g, used_p = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return sorted(pairs)


def _agrees(g: dict, p: dict, name: str) -> bool:
    """Whether a predicted claim agrees with a gold claim on one attribute, as in tie-breaking."""
    return attr_equal(name, attribute(g, name), attribute(p, name))


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(gold_docs: list[dict], pred_claims: list[dict]) -> tuple[dict, list[tuple[str, str, dict]]]:
    """(summary, errors): the reference scorer's summary dict and its list of misses and mismatches."""
    preds: dict[str | None, list[dict]] = defaultdict(list)
    for c in pred_claims:
        if c.get("kind") in SCORED_KINDS:
            preds[c.get("doc")].append(c)
    tp = fp = fn = 0
    by_kind: dict[str | None, list[int]] = defaultdict(lambda: [0, 0, 0])
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    errors: list[tuple[str, str, dict]] = []
    for d in gold_docs:
        gold = [c for c in d["claims"] if c.get("kind") in SCORED_KINDS]
        pred = preds.get(d["doc"], [])
        pairs = match_doc(gold, pred)
        mg, mp = {g for g, _ in pairs}, {p for _, p in pairs}
        tp += len(pairs)
        fn += len(gold) - len(mg)
        fp += len(pred) - len(mp)
        for gi, g in enumerate(gold):
            by_kind[g["kind"]][0 if gi in mg else 2] += 1
            if gi not in mg:
                errors.append(("missed", d["doc"], g))
        for pi, p in enumerate(pred):
            if pi not in mp:
                by_kind[p.get("kind")][1] += 1
                errors.append(("spurious", d["doc"], p))
        for gi, pi in pairs:
            for a in ATTRIBUTES:
                gv, pv = attribute(gold[gi], a), attribute(pred[pi], a)
                if a == "source.name":
                    psrc = pred[pi].get("source") or {}
                    pv = " ".join(str(psrc[k]) for k in ("name", "org", "role") if psrc.get(k)) or None
                    if gv is None:
                        continue
                hits[a][1] += 1
                if attr_equal(a, gv, pv):
                    hits[a][0] += 1
                else:
                    errors.append((f"wrong {a}: gold {gv!r}, got {pv!r}", d["doc"], gold[gi]))
    prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    kinds = {}
    for k, (ktp, kfp, kfn) in sorted(by_kind.items(), key=lambda kv: str(kv[0])):
        kp, kr = _ratio(ktp, ktp + kfp), _ratio(ktp, ktp + kfn)
        kinds[str(k)] = {
            "tp": ktp,
            "fp": kfp,
            "fn": kfn,
            "precision": round(kp, 4),
            "recall": round(kr, 4),
            "f1": round(2 * kp * kr / (kp + kr), 4) if kp + kr else 0.0,
        }
    attrs = {a: round(h / n, 4) if n else None for a, (h, n) in hits.items()}
    summary = {
        "documents": len(gold_docs),
        "gold": tp + fn,
        "predicted": tp + fp,
        "tp": tp,
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "f1": round(f1, 4),
        "by_kind": kinds,
        "attribute_accuracy": attrs,
        # matched claims carrying the gold value, per attribute: a recall gain can dilute the accuracy without any
        # value getting worse, so the quality gate also reads these counts
        "attribute_correct": {a: h for a, (h, _) in hits.items()},
    }
    return summary, errors


def describe(c: dict) -> str:
    """One line for a claim in an error list: kind, actors, item and quantity."""
    q = c.get("quantity") or {}
    qty = "" if not q else f" {q.get('value')} {q.get('unit')}" + (f"/{q['per']}" if q.get("per") else "")
    who = f"{c.get('supplier')}->{c.get('recipient')}" if c.get("kind") == "transfer" else str(c.get("actor"))
    return f"{c.get('kind')} {who} {c.get('item')}{qty}"

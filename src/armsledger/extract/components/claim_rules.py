"""Dependency labels the claim rules climb by, and small parse helpers (see claims.py).

Word lists live in data/words.yaml; only parser labels, which belong to the model's scheme and
not to English, stay here."""

from __future__ import annotations

from spacy.tokens import Token

# labels a counted noun climbs through on its way up to the trigger
UP_ALWAYS = {
    "dobj",
    "nsubjpass",
    "nsubj",
    "attr",
    "oprd",
    "conj",
    "appos",
    "compound",
    "nmod",
    "dative",
    "quantmod",
    "nummod",
    "amod",
    "acomp",
    "npadvmod",
    "pcomp",
    "det",
    "poss",
    "advmod",
    "case",
    "cc",
}

# children of the claim's clause that carry its cues (hedges, modals, negation)
SCOPE_CHILD_DEPS = {"advmod", "aux", "auxpass", "acomp", "neg", "npadvmod", "advcl", "prep", "amod", "xcomp", "ccomp"}


def ancestors_of(tok: Token) -> list[Token]:
    """The token's heads up to the root, nearest first."""
    out = []
    node = tok
    while node.head.i != node.i:
        node = node.head
        out.append(node)
    return out

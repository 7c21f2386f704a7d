"""Word lists and dependency rules the claim assembler walks by (see claims.py)."""

from __future__ import annotations

from spacy.tokens import Token

CONTENT_VERBS = {"hold", "carry", "contain", "pack", "fill", "load", "include", "comprise", "full", "laden",
                 "enough", "cram", "stuff", "consist", "equal", "amount", "total", "represent", "number",
                 "equivalent"}

UP_ALWAYS = {"dobj", "nsubjpass", "nsubj", "attr", "oprd", "conj", "appos", "compound", "nmod", "dative",
             "quantmod", "nummod", "amod", "acomp", "npadvmod", "pcomp", "det", "poss", "advmod", "case", "cc"}

PREP_OK = {"of", "with", "including", "like", "among", "as", "worth", "in", "such", "from", "plus", "along", "to", "at",
           "between", "around", "about", "over", "under", "nearly", "some", "upwards", "roughly"}

FROM_PREPS = {"from", "out", "by", "via"}

TO_PREPS = {"to", "for", "into", "toward", "towards", "onto"}

RECEIVING_NOUNS = {"import", "purchase", "acquisition", "receipt", "procurement"}

ARRIVAL_VERBS = {"arrive", "land", "reach", "dock", "unload"}

MUNITIONS = {"artillery_shell", "mortar_round", "rocket", "ballistic_missile", "cruise_missile", "air_defense_missile",
             "anti_tank_missile", "small_arms_ammunition", "bomb", "ammunition"}

SCOPE_CHILD_DEPS = {"advmod", "aux", "auxpass", "acomp", "neg", "npadvmod", "advcl", "prep", "amod", "xcomp", "ccomp"}

LEVEL_VERBS = {"reach", "total", "stand", "hit", "amount", "climb", "rise", "grow", "exceed", "number", "top",
               "run", "be", "increase", "double", "triple", "surpass", "jump", "remain", "come", "sit", "weigh"}

PRONOUN_REFS = {"it": "@it", "its": "@it", "they": "@they", "their": "@they", "them": "@they", "we": "@source",
                "our": "@source", "ours": "@source", "us": "@source", "his": "@source", "her": "@source"}

BODY_NOUNS = {"company", "group", "firm", "factory", "plant", "maker", "manufacturer", "producer", "country",
              "militia", "movement", "organisation", "organization", "regime", "government"}

# nouns for the people and bodies of a state: "their forces", "our plants", "his troops"
ACTOR_NOUNS = {"force", "troop", "army", "military", "gunner", "unit", "crew", "plant", "factory", "industry",
               "government", "country", "soldier", "battery", "artillery", "navy", "air force", "defence", "defense",
               "depot", "arsenal", "stock", "stockpile", "production", "output", "capacity", "partner", "ally"}

ESTIMATE_VERBS = {"put", "place", "peg", "estimate", "set", "assess", "reckon", "calculate"}

# purpose clauses a recipient may hang off: "sent to fight for Moscow", "to help Russia"
PURPOSE_VERBS = {"fight", "help", "support", "aid", "assist", "serve", "bolster", "reinforce", "back"}

# "he raised the figure to 6,700 containers", "estimates the annual total at 4.5 million": an update of the
# flow the document is about
FIGURE_NOUNS = {"figure", "count", "total", "tally", "number", "estimate", "tab"}

CASUALTY_WORDS = {"dead", "killed", "wounded", "injured", "missing", "captured", "casualties", "lost"}
SHARE_NOUNS = {"fraction", "share", "portion", "percent", "percentage", "proportion", "half", "third", "quarter",
               "majority", "minority", "bulk", "most", "some", "many", "part", "none", "few", "all"}

QUALITY_NEGATED = {"work", "function", "explode", "detonate", "fire"}


def ancestors_of(tok: Token, stop_at: set[int] | None = None) -> list[Token]:
    out = []
    node = tok
    while node.head.i != node.i:
        node = node.head
        out.append(node)
    return out

"""Generate a corpus of short wire stories as JSON Lines, for scale tests and benchmarks.

    python benchmarks/gen_corpus.py -n 1200 -o wire.jsonl [--seed 11]

Each line is one document (`name`, `title`, `published`, `text`) in the style of the wire copy
armsledger ingests: a dateline, two to four sentences stating transfers, production or stocks with
sources and hedges, and sentences that state nothing. About one story in eight is a syndicated copy
of an earlier one (another headline and boilerplate: a near-duplicate), and one in twenty-five an
exact copy (only its spacing differs), so deduplication and near-duplicate links are exercised.
The same seed gives the same corpus.
"""

from __future__ import annotations

import argparse
import json
import random
from datetime import date, timedelta
from pathlib import Path

FLOWS = [
    ("North Korea", "Russia", "SEOUL"),
    ("Iran", "Russia", "WASHINGTON"),
    ("the United States", "Ukraine", "WASHINGTON"),
    ("Germany", "Ukraine", "BERLIN"),
    ("South Korea", "Poland", "WARSAW"),
    ("France", "Ukraine", "PARIS"),
    ("Belarus", "Russia", "VILNIUS"),
    ("the United Kingdom", "Ukraine", "LONDON"),
]
ITEMS = [
    "artillery shells",
    "drones",
    "ballistic missiles",
    "tanks",
    "air defence systems",
    "mortar rounds",
    "armoured vehicles",
    "howitzers",
]
SOURCES = [
    ("South Korea's National Intelligence Service", "said"),
    ("a Pentagon spokesperson", "told reporters"),
    ("Ukrainian military intelligence", "said"),
    ("Western officials", "said"),
    ("the defence ministry", "said in a statement"),
    ("an analyst at a London think tank", "said"),
]
HEDGES = ["", "", "reportedly ", "probably ", "is believed to have "]
FILLER = [
    "The ministry did not respond to a request for comment.",
    "Talks between the two governments are expected to continue next month.",
    "The claims could not be independently verified.",
    "Satellite images published last week showed increased activity at the port.",
    "Officials declined to give further details.",
    "The announcement came a day after a summit of defence ministers.",
]
WIRES = ["Northwind Wire", "Baltic Press Agency", "Meridian News Service", "Harbour Wire"]


def _story(rng: random.Random, index: int, day: date) -> tuple[str, str]:
    supplier, recipient, city = rng.choice(FLOWS)
    item = rng.choice(ITEMS)
    count = rng.choice([12, 40, 150, 300, 1200, 5000, 20000, 1_000_000]) * rng.randint(1, 9)
    source, verb = rng.choice(SOURCES)
    hedge = rng.choice(HEDGES)
    sentences = [
        (
            f"{city}, {day:%B} {day.day}, {day.year} — {supplier} has {hedge}sent {count:,} {item} to "
            f"{recipient} since the start of the year, {source} {verb} on {day:%A}."
        )
    ]
    if rng.random() < 0.6:
        produced = rng.choice([10, 25, 60, 250]) * rng.randint(2, 8)
        sentences.append(
            f"{recipient} produces about {produced:,} {rng.choice(ITEMS)} a month, according to "
            f"{rng.choice(SOURCES)[0]}."
        )
    if rng.random() < 0.5:
        pledged = rng.randint(2, 90)
        sentences.append(
            f"{supplier} pledged another {pledged} {rng.choice(ITEMS)} to {recipient} in "
            f"{rng.choice(['March', 'June', 'October'])}, officials said."
        )
    sentences.extend(rng.sample(FILLER, k=rng.randint(1, 2)))
    sentences.append(f"(Reporting by desk {index % 97}; story {index}.)")
    title = f"{supplier[0].upper() + supplier[1:]} {item} for {recipient}: {source} (story {index})"
    return title, " ".join(sentences)


def generate(n: int, seed: int = 11, start: date = date(2023, 1, 2)) -> list[dict[str, str]]:
    """`n` documents (see the module's docstring); deterministic for a seed."""
    rng = random.Random(seed)
    docs: list[dict[str, str]] = []
    for index in range(n):
        day = start + timedelta(days=rng.randint(0, 700))
        if docs and rng.random() < 0.04:
            original = rng.choice(docs)
            docs.append({**original, "name": f"story-{index:06d}", "text": original["text"].replace(" ", "  ", 3)})
            continue
        if docs and rng.random() < 0.125:
            original = rng.choice(docs)
            wire = rng.choice(WIRES)
            docs.append(
                {
                    "name": f"story-{index:06d}",
                    "title": f"{wire}: {original['title']}",
                    "published": original["published"],
                    "text": f"{original['text']}\n\nDistributed by {wire}. Copyright {day.year} {wire}. "
                    "All rights reserved.",
                }
            )
            continue
        title, text = _story(rng, index, day)
        docs.append({"name": f"story-{index:06d}", "title": title, "published": day.isoformat(), "text": text})
    return docs


def write(path: Path, n: int, seed: int = 11) -> Path:
    """Write `n` generated documents to `path` as JSON Lines."""
    with path.open("w", encoding="utf-8") as fh:
        for doc in generate(n, seed):
            fh.write(json.dumps(doc, ensure_ascii=False) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--documents", type=int, default=1200)
    parser.add_argument("-o", "--output", type=Path, default=Path("wire.jsonl"))
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args()
    write(args.output, args.documents, args.seed)
    print(f"{args.documents} documents written to {args.output}")


if __name__ == "__main__":
    main()

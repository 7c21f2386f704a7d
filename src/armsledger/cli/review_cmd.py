"""`armsledger review`: confirm, reject or correct a claim with a reason, and read the audit trail.

Reviews never change the extracted claims: they are kept beside them (who, when, why) and the
reviewed values are what estimates read. Source grades and merges are `armsledger source grade`
and `source merge` (with --reason); `armsledger export reviews --format gold` writes reviewed
claims as a gold corpus.
"""

from __future__ import annotations

import json
import sys

import typer

from armsledger.cli import app
from armsledger.cli.options import DbOption
from armsledger.cli.output import count_line, print_rows, stderr_line

review_app = typer.Typer(
    help="Confirm, reject or correct claims with a reason; list the audit trail.", no_args_is_help=True
)
app.add_typer(review_app, name="review")

ReasonOption = typer.Option(..., "--reason", help="Why (kept in the audit trail).")
ReviewerOption = typer.Option(
    None, "--reviewer", help="Who reviews (default: the reviewer setting, else the operating-system user)."
)
ClaimArgument = typer.Argument(..., min=1, help="Claim id (from `armsledger claims`).")


def _review(
    claim_id: int, action: str, db: str | None, reviewer: str | None, reason: str, changes: dict[str, str] | None = None
) -> None:
    from armsledger.cli.ledger_cmd import _open
    from armsledger.review import default_reviewer, review_claim

    with _open(db) as database:
        record = review_claim(
            database, claim_id, action, reviewer=reviewer or default_reviewer(), reason=reason, changes=changes
        )
    what = ", ".join(f"{k}={v}" for k, v in record["changes"].items())
    stderr_line(
        f"claim {claim_id} {record['claim_review']['status']} by {record['reviewer']} (review "
        f"{record['id']}){': ' + what if what else ''}"
    )


@review_app.command("confirm")
def confirm_cmd(
    claim_id: int = ClaimArgument,
    reason: str = ReasonOption,
    reviewer: str | None = ReviewerOption,
    db: str | None = DbOption,
) -> None:
    """Confirm a claim as extracted (or as corrected before)."""
    _review(claim_id, "confirm", db, reviewer, reason)


@review_app.command("reject")
def reject_cmd(
    claim_id: int = ClaimArgument,
    reason: str = ReasonOption,
    reviewer: str | None = ReviewerOption,
    db: str | None = DbOption,
) -> None:
    """Reject a claim: it counts in no estimate, listing or gold export until reviewed again."""
    _review(claim_id, "reject", db, reviewer, reason)


def _pairs(values: list[str]) -> dict[str, str]:
    from armsledger.review.errors import ReviewError

    changes = {}
    for value in values:
        field, sep, text = value.partition("=")
        if not sep or not field.strip():
            raise ReviewError(f"--set {value!r} is not FIELD=VALUE (e.g. quantity.value=10000)", option="--set")
        changes[field.strip()] = text
    return changes


@review_app.command("correct")
def correct_cmd(
    claim_id: int = ClaimArgument,
    sets: list[str] = typer.Option(
        ...,
        "--set",
        help="FIELD=VALUE, repeatable: quantity.value=10000, "
        "item=shells, supplier='North Korea', hedged=no, "
        "source.name=…; VALUE null removes.",
    ),
    reason: str = ReasonOption,
    reviewer: str | None = ReviewerOption,
    db: str | None = DbOption,
) -> None:
    """Correct fields of a claim; the extracted values are kept, estimates use the corrected ones."""
    _review(claim_id, "correct", db, reviewer, reason, _pairs(sets))


REVIEW_COLUMNS = [
    "id",
    "created_at",
    "reviewer",
    "target",
    "claim_id",
    "source_id",
    "action",
    "changes",
    "previous",
    "reason",
]


@review_app.command("list")
def list_cmd(
    claim: int | None = typer.Option(None, "--claim", help="Only the reviews of this claim."),
    source: int | None = typer.Option(None, "--source", help="Only the reviews of this source (id)."),
    fmt: str = typer.Option("table", "--format", help="table, jsonl or csv."),
    limit: int | None = typer.Option(None, "--limit", min=0, help="Rows (tables: 50; jsonl and csv: all)."),
    db: str | None = DbOption,
) -> None:
    """The audit trail: every review, newest first, with who, when, why and the values before."""
    from armsledger.cli.ledger_cmd import _open
    from armsledger.review.history import count_reviews, list_reviews

    if fmt not in ("table", "jsonl", "csv"):
        from armsledger.errors import OptionError

        raise OptionError(f"--format {fmt!r} is not one of: table, jsonl, csv", option="--format")
    page = limit if limit is not None else (50 if fmt == "table" else 0)
    with _open(db) as database:
        rows = list_reviews(database, claim_id=claim, source_id=source, limit=page)
        total = count_reviews(database, claim_id=claim, source_id=source)
    if fmt == "jsonl":
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return
    flat = [
        {
            **r,
            "changes": ", ".join(f"{k}={v}" for k, v in r["changes"].items()),
            "previous": ", ".join(f"{k}={v}" for k, v in r["previous"].items()),
        }
        for r in rows
    ]
    print_rows(flat, fmt, REVIEW_COLUMNS)
    if fmt == "table":
        stderr_line(count_line("review(s)", len(rows), total))

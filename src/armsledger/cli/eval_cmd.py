"""`armsledger eval`: score the extractor on a gold corpus."""

from __future__ import annotations

import json

import typer

from armsledger.cli import app

gold_app = typer.Typer(help="Gold corpora: check them against SCHEMA.md.", no_args_is_help=True)
app.add_typer(gold_app, name="gold")


@gold_app.command("check")
def gold_check_command(
    gold_dir: str = typer.Argument(..., help="Folder with documents and gold.jsonl."),
    fix_offsets: bool = typer.Option(
        False,
        "--fix-offsets",
        help="Fill evidence start/end from evidence.text, write actor slugs as the "
        "lexicon does (rapid_support_forces → rsf) and rewrite gold.jsonl.",
    ),
) -> None:
    """Check a gold corpus against SCHEMA.md without running the extractor; exit 1 on any error."""
    from rich.console import Console

    from armsledger.evaluate.goldcheck import check_gold_corpus

    console = Console(highlight=False)
    report = check_gold_corpus(gold_dir, fix=fix_offsets)
    for line in report.errors:
        console.print(f"error: {line}", markup=False, soft_wrap=True)
    for line in report.warnings:
        console.print(f"warning: {line}", markup=False, soft_wrap=True)
    genres = ", ".join(f"{g} {n}" for g, n in sorted(report.genres.items()))
    console.print(
        f"{report.documents} documents, {report.claims} claims ({genres}); {len(report.errors)} errors, "
        f"{len(report.warnings)} warnings" + (f"; {report.fixed} claims fixed" if report.fixed else ""),
        markup=False,
    )
    if report.errors:
        raise typer.Exit(1)


@app.command("eval")
def eval_command(
    gold_dirs: list[str] = typer.Argument(
        ...,
        help="Folder(s) with documents and gold.jsonl (SCHEMA.md 'Gold "
        "files'); several folders are scored as one corpus.",
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the summary as one JSON object."),
    show_errors: bool = typer.Option(False, "--show-errors", help="List missed, spurious and mis-attributed claims."),
    fail_under: float = typer.Option(None, "--fail-under", help="Exit 1 when F1 is below this."),
) -> None:
    """Precision, recall, F1 and attribute accuracy of the extractor on a gold corpus."""
    from rich.console import Console
    from rich.table import Table

    from armsledger.evaluate import evaluate_corpora
    from armsledger.evaluate.scoring import describe

    console = Console()
    summary = evaluate_corpora(list(gold_dirs))
    errors = summary.pop("errors")
    summary.pop("predictions")
    if show_errors:
        for e in errors:
            console.print(
                f"{e['doc']}: {e['what']}: {describe(e['claim'])}", highlight=False, soft_wrap=True, markup=False
            )
    if as_json:
        typer.echo(json.dumps(summary))
    else:
        console.print(f"documents {summary['documents']}  gold {summary['gold']}  predicted {summary['predicted']}")
        table = Table("kind", "P", "R", "F1", "tp", "fp", "fn")
        for k, v in summary["by_kind"].items():
            table.add_row(
                k,
                f"{v['precision']:.3f}",
                f"{v['recall']:.3f}",
                f"{v['f1']:.3f}",
                str(v["tp"]),
                str(v["fp"]),
                str(v["fn"]),
            )
        console.print(table)
        attrs = Table("attribute", "accuracy")
        for a, v in summary["attribute_accuracy"].items():
            attrs.add_row(a, "n/a" if v is None else f"{v:.3f}")
        console.print(attrs)
        for title, key in (("genre", "by_genre"), ("corpus", "by_corpus")):
            rows = summary.get(key) or {}
            if len(rows) > 1:
                part_table = Table(title, "documents", "P", "R", "F1")
                for g, v in rows.items():
                    part_table.add_row(
                        g, str(v["documents"]), f"{v['precision']:.3f}", f"{v['recall']:.3f}", f"{v['f1']:.3f}"
                    )
                console.print(part_table)
        console.print(f"P {summary['precision']:.3f}  R {summary['recall']:.3f}  F1 {summary['f1']:.3f}")
    if fail_under is not None and summary["f1"] < fail_under:
        raise typer.Exit(1)


@gold_app.command("train-filter")
def gold_train_filter_command(
    gold_dirs: list[str] = typer.Argument(..., help="Gold corpora (folders with documents and gold.jsonl)."),
    out: str = typer.Option(..., "--out", help="Folder to write the filter to (model/ and filter.json)."),
    fold: list[str] = typer.Option(
        None,
        "--fold",
        help="A corpus (folder name) held out in cross-validation; repeat it. Default: every corpus in turn.",
    ),
    epochs: int = typer.Option(8, "--epochs", min=1, max=50, help="Passes over the examples."),
    threshold: float = typer.Option(
        None,
        "--threshold",
        min=0.01,
        max=0.99,
        help="The threshold to package (default: the one cross-validation picks; the quality gate may need a "
        "stricter one).",
    ),
) -> None:
    """Train the learned claim filter on gold corpora: label every claim the rules propose by the scorer's
    pairing, pick the threshold by leave-one-corpus-out F1 (or take --threshold), train on all and write it to
    --out. Point ARMSLEDGER_CLAIM_FILTER_DIR at the folder to use it."""
    from pathlib import Path

    from rich.console import Console
    from rich.progress import Progress

    from armsledger.evaluate.gold import load_gold_corpus
    from armsledger.extract.learned.training import train_filter

    console = Console(highlight=False)
    total = sum(len(load_gold_corpus(d)[1]) for d in gold_dirs)
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task("extracting gold documents", total=total)
        claim_filter = train_filter(
            gold_dirs,
            folds=fold or None,
            epochs=epochs,
            threshold=threshold,
            on_document=lambda: progress.advance(task),
        )
    claim_filter.save(Path(out))
    cv = claim_filter.meta.get("cross_validation")
    if cv:
        for name, entry in cv["folds"].items():
            at = entry[f"f1_at_{cv['threshold']:.2f}"]
            console.print(f"{name}: F1 {entry['f1_rules']:.3f} by the rules, {at:.3f} filtered", markup=False)
        console.print(
            f"held-out folds together: F1 {cv['pooled_f1_rules']:.3f} by the rules, {cv['pooled_f1_filtered']:.3f} "
            f"filtered at threshold {cv['threshold']:.2f}",
            markup=False,
        )
    if threshold is not None:
        console.print(f"packaged with the threshold given: {threshold:.2f}", markup=False)
    console.print(f"claim filter written to {out}", markup=False)

"""`armsledger eval` over several gold folders scores them as one corpus, with each folder's own figures."""

from __future__ import annotations

import json
import shutil

from typer.testing import CliRunner

from armsledger.cli import app
from armsledger.evaluate import evaluate_corpora, evaluate_corpus


def _seed_copy(shared_dir, folder, drop_claims=0):
    folder.mkdir()
    shutil.copy(shared_dir / "seed" / "seed-article.txt", folder / "seed-article.txt")
    entry = json.loads((shared_dir / "seed" / "gold.jsonl").read_text().splitlines()[0])
    entry["claims"] = entry["claims"][drop_claims:]
    (folder / "gold.jsonl").write_text(json.dumps(entry) + "\n")
    return folder


def test_folders_with_the_same_document_name_are_scored_apart(tmp_path, shared_dir):
    exact = _seed_copy(shared_dir, tmp_path / "exact")
    short = _seed_copy(shared_dir, tmp_path / "short", drop_claims=2)  # two real claims left out of the gold
    one = evaluate_corpus(exact)
    both = evaluate_corpora([exact, short])
    assert both["documents"] == 2
    assert both["gold"] == 2 * one["gold"] - 2
    assert both["predicted"] == 2 * one["predicted"]
    assert both["by_corpus"]["exact"]["f1"] == one["f1"] == 1.0
    assert both["by_corpus"]["short"]["precision"] < 1.0 and both["by_corpus"]["short"]["recall"] == 1.0
    assert one["f1"] > both["f1"] > both["by_corpus"]["short"]["f1"]


def test_eval_command_prints_a_row_per_folder(tmp_path, shared_dir):
    exact = _seed_copy(shared_dir, tmp_path / "exact")
    short = _seed_copy(shared_dir, tmp_path / "short", drop_claims=2)
    result = CliRunner().invoke(app, ["eval", str(exact), str(short), "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output.strip().splitlines()[-1])
    assert set(summary["by_corpus"]) == {"exact", "short"}
    table = CliRunner().invoke(app, ["eval", str(exact), str(short)])
    assert "corpus" in table.output and "short" in table.output


def test_gold_check_writes_a_slug_the_lexicon_knows_under_another_name_as_the_lexicons(tmp_path, shared_dir):
    folder = _seed_copy(shared_dir, tmp_path / "slugs")
    entry = json.loads((folder / "gold.jsonl").read_text())
    entry["claims"][0]["recipient"] = "rapid_support_forces"
    (folder / "gold.jsonl").write_text(json.dumps(entry) + "\n")
    check = CliRunner().invoke(app, ["gold", "check", str(folder)])
    assert "known as 'rsf'" in check.output
    fixed = CliRunner().invoke(app, ["gold", "check", "--fix-offsets", str(folder)])
    assert fixed.exit_code == 0, fixed.output
    assert json.loads((folder / "gold.jsonl").read_text())["claims"][0]["recipient"] == "rsf"

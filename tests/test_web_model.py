"""The stock model on the workbench: /model (fan chart, run-out, days of fire, drivers, inputs with their
claims), its Vega-Lite spec at /charts/model.json and /api/v1/model/projection, which answers exactly what
`armsledger model project --format json` prints."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
from ledger_support import db, ledger_url  # noqa: F401  (fixtures)
from lxml import html as lxml_html
from reconcile_builders import claim
from typer.testing import CliRunner
from web_support import make_client

HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> {{ 7*7 }}'
RUS = {"actor": "RUS", "item": "artillery_shell", "as_of": "2024-06-30", "seed": "7", "draws": "500"}


def _claims():
    said = "Officials said {} according to the note."
    return [
        claim(3_000_000, qualifier="approx", text="about 3 million", kind="stockpile", actor="RUS",
              sentence=said.format(f"Russia holds about 3 million shells {HOSTILE}"), published="2024-03-01",
              claim_id="stock"),
        claim(20_000, per="day", text="20,000 shells a day", kind="consumption", actor="RUS", qualifier="approx",
              sentence=said.format("Russia fires 20,000 shells a day"), published="2024-06-01", claim_id="use"),
        claim(250_000, per="month", text="250,000 shells a month", kind="production", actor="RUS",
              qualifier="approx", sentence=said.format("Russia makes 250,000 shells a month"),
              published="2024-06-01", claim_id="made"),
    ]  # fmt: skip


@pytest.fixture
def client(db):
    from armsledger.ledger import Ledger
    from armsledger.model import Document

    store = Ledger(db, clock=lambda: datetime(2024, 1, 1))
    for rc in _claims():
        doc = Document(name=f"{rc.claim_id}.txt", text=rc.claim.evidence.text)
        store.store(
            doc, [rc.claim.model_copy(update={"doc": doc.name})], extractor_version="test", published=rc.published
        )
    with make_client(db) as test_client:
        yield test_client


def test_model_page_shows_run_out_days_of_fire_drivers_and_inputs_with_their_claims(client):
    answer = client.get("/model", params=RUS)
    assert answer.status_code == 200
    tree = lxml_html.fromstring(answer.text)
    assert tree.get_element_by_id("seed").text == "7"
    assert "%" in tree.get_element_by_id("run-out-probability").text
    assert "median" in tree.get_element_by_id("days-of-fire").text_content()
    drivers = [r.findtext("td") for r in tree.get_element_by_id("drivers").iter("tr")][1:]
    assert "consumption" in drivers
    inputs = {r.findtext("td"): r for r in tree.get_element_by_id("inputs").iter("tr")}
    stock = inputs["initial stock"]
    assert "ledger" in stock.text_content()
    assert next(a.get("href") for a in stock.iter("a")).startswith("/claims/")
    chart = tree.get_element_by_id("fan-chart").get("data-spec")
    assert chart.startswith("/charts/model.json?") and "seed=7" in chart
    assert [s.get("src") for s in tree.iter("script") if not (s.get("src") or "").startswith("/static/")] == []


def test_hostile_evidence_stays_text_on_the_model_page(client):
    tree = lxml_html.fromstring(client.get("/model", params=RUS).text)
    assert not tree.xpath("//img[@src='x']")
    assert not [e for e in tree.iter() if any(a.startswith("on") for a in e.attrib)]
    assert all((s.get("src") or "").startswith("/static/") for s in tree.iter("script"))
    assert "49" not in tree.get_element_by_id("inputs").text_content()


def test_fan_chart_spec_has_the_percentile_band_median_months_and_run_out_rule(client):
    page = lxml_html.fromstring(client.get("/model", params=RUS).text)
    spec = client.get(page.get_element_by_id("fan-chart").get("data-spec")).json()
    layers = spec["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["area", "area", "line", "rule"]
    assert (layers[0]["encoding"]["y"]["field"], layers[0]["encoding"]["y2"]["field"]) == ("p10", "p90")
    assert layers[2]["encoding"]["y"]["field"] == "p50"
    projection = client.get("/api/v1/model/projection", params=RUS).json()
    months = [v["date"] for v in layers[0]["data"]["values"]]
    assert months == [f"{p['date']}-01" for p in projection["series"]] and len(months) == 24
    rules = layers[3]["data"]["values"]
    assert rules[0]["date"] == f"{projection['exhaustion']['p10']}-01"


def test_api_projection_is_what_model_project_prints_as_json(client, ledger_url):
    from armsledger.cli import app

    api = client.get("/api/v1/model/projection", params=RUS)
    assert api.status_code == 200
    args = ["model", "project", "--actor", "RUS", "--item", "artillery_shell", "--as-of", "2024-06-30"]
    printed = CliRunner().invoke(app, [*args, "--seed", "7", "--draws", "500", "--format", "json", "--db", ledger_url])
    assert printed.exit_code == 0, printed.output
    assert api.json() == json.loads(printed.stdout)
    assert set(api.json()) >= {"series", "exhaustion", "days_of_fire", "drivers", "inputs", "warnings", "seed"}


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({**RUS, "draws": "0"}, "draws must be between 1"),
        ({**RUS, "draws": "99999999"}, "draws must be between 1"),
        ({**RUS, "months": "9000"}, "months must be between 1"),
        ({**RUS, "actor": "Atlantis"}, "actor"),
        ({**RUS, "as_of": "not a date"}, "as_of"),
    ],
)
def test_bad_parameters_are_the_error_page_and_a_json_error(client, params, message):
    page = client.get("/model", params=params)
    assert page.status_code == 400 and message in page.text
    api = client.get("/api/v1/model/projection", params=params)
    assert api.status_code == 400 and message in api.json()["error"]["message"]


def test_non_numbers_are_refused(client):
    assert client.get("/model", params={**RUS, "draws": "many"}).status_code == 400
    assert client.get("/api/v1/model/projection", params={**RUS, "draws": "many"}).status_code == 422


def test_an_actor_without_figures_is_one_line_not_a_failure(client):
    answer = client.get("/model", params={**RUS, "actor": "UKR"})
    assert answer.status_code == 200
    tree = lxml_html.fromstring(answer.text)
    assert "no figures for UKR" in tree.get_element_by_id("no-inputs").text
    assert not tree.xpath("//*[@id='fan-chart']")


def test_model_is_linked_from_the_navigation_and_actor_flow_pages(client):
    tree = lxml_html.fromstring(client.get("/flows/production/RUS/artillery_shell").text)
    assert tree.get_element_by_id("model-link").get("href") == "/model?actor=RUS&item=artillery_shell"
    assert "/model" in [a.get("href") for a in lxml_html.fromstring(client.get("/").text).iter("a")]
    assert client.get("/model").status_code == 200  # the form, before anything is asked


def test_starting_the_app_imports_no_model_library(db):
    # numpy and scipy come in with the ledger's near-duplicate search (datasketch); the model's own modules
    # and matplotlib load only when a projection is asked for.
    code = (
        "import sys; from armsledger.present.app import create_app; from armsledger.present.auth import Authority; "
        "from armsledger.ledger import connect; create_app(connect(sys.argv[1]), authority=Authority({}));"
        "print(sorted(m for m in ('armsledger.stockflow', 'matplotlib') if m in sys.modules))"
    )
    assert (
        subprocess.run([sys.executable, "-c", code, db.url], capture_output=True, text=True, check=True).stdout
        == "[]\n"
    )

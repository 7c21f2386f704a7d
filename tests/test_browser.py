"""The dashboard in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

Outside CI the tests skip, with the reason, when Chromium or Playwright is missing; in CI (CI=true)
they fail instead, since .ci/run installs both.
"""

from __future__ import annotations

import csv
import os
import shutil
import socket
import threading
import time

import pytest
from ledger_support import db, ledger_url  # noqa: F401  (fixtures)
from web_support import HOSTILE_SENTENCE, TOKEN, build_ledger, claim_id_of

CHROMIUM = os.environ.get("ARMSLEDGER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing() -> str | None:
    if not shutil.which(CHROMIUM) and not os.path.exists(CHROMIUM):
        return f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[test]')"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests must run in CI: {reason}")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield chromium
        chromium.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(db):
    """The workbench over the test ledger, served by uvicorn on a free loopback port in a thread."""
    import uvicorn

    from armsledger.present.app import create_app
    from armsledger.present.auth import Authority

    build_ledger(db.url)
    app = create_app(db, authority=Authority({TOKEN: "alice"}))
    port = _free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture
def page(browser, server):
    context = browser.new_context(accept_downloads=True, viewport={"width": 1300, "height": 1000})
    tab = context.new_page()
    tab.dialogs = []
    tab.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
    tab.errors = []
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    yield tab
    context.close()


def _chart_points(page, selector: str = "#flow-chart") -> int:
    page.wait_for_selector(f"{selector}[data-state=rendered]", timeout=20_000)
    return int(page.get_attribute(selector, "data-points"))


def test_dashboard_shows_flows_with_charts(page, server):
    page.goto(server + "/")
    assert "PRK → RUS" in page.inner_text("main")
    page.wait_for_selector(".chart.small[data-state=rendered]", timeout=20_000)
    assert page.locator(".chart.small svg").count() >= 1
    assert page.errors == []


def test_changing_the_as_of_date_redraws_the_chart(page, server):
    page.goto(server + "/flows/transfer/PRK/RUS/artillery_shell")
    assert _chart_points(page) == 4
    assert page.inner_text("#est-central") == "4,800,000"
    page.fill("#as-of", "2024-02-01")
    page.dispatch_event("#as-of", "change")
    page.wait_for_url("**as_of=2024-02-01**")
    assert _chart_points(page) == 2
    assert page.inner_text("#est-central") == "1,500,000"
    page.click("text=Claims")  # the date follows the analyst to every page
    assert "as_of=2024-02-01" in page.url
    assert page.input_value("#as-of") == "2024-02-01"


def test_clicking_a_claim_point_opens_its_evidence(page, server, db):
    page.goto(server + "/flows/transfer/PRK/RUS/artillery_shell")
    _chart_points(page)
    first = page.locator("#flow-chart .mark-symbol.role-mark path").first
    first.click()
    page.wait_for_url("**/claims/*")
    evidence = page.inner_text("#evidence")
    assert evidence.startswith("North Korea sent") and "shells to Russia" in evidence


def test_model_page_draws_the_fan_chart(page, server):
    page.goto(server + "/flows/transfer/PRK/RUS/artillery_shell")
    page.click("#model-link")
    page.wait_for_url("**/model?*actor=RUS*")
    page.wait_for_selector("#fan-chart[data-state=rendered]", timeout=20_000)
    assert page.locator("#fan-chart .mark-area path").count() == 2  # the p10-p90 and p25-p75 bands
    assert page.locator("#fan-chart .mark-line path").count() == 1  # the median
    assert "imports PRK" in page.inner_text("#inputs")
    assert page.errors == []


def _login(page, server) -> None:
    page.goto(f"{server}/login")
    page.fill("input[name=token]", TOKEN)
    page.click("#login-form button[type=submit]")
    page.wait_for_selector("text=reviewing as")


def test_correcting_a_claim_changes_the_estimate(page, server, db):
    _login(page, server)
    flow = server + "/flows/transfer/PRK/RUS/artillery_shell"
    page.goto(flow)
    assert page.inner_text("#est-central") == "4,800,000"
    page.goto(f"{server}/claims/{claim_id_of(db, 'shin-jun.txt')}")
    page.fill("input[name='set.quantity.value']", "6200000")
    page.fill("textarea[name=reason]", "the minister's slide says 6.2 million")
    page.click("#correct-button")
    page.wait_for_selector("#reviewed-quantity")
    assert "6,200,000" in page.inner_text("#reviewed-quantity")
    assert "corrected" in page.inner_text("h1")
    page.click("#flow-link")
    assert page.inner_text("#est-central") == "6,200,000"
    assert "corrected by alice" in page.inner_text("main")
    assert _chart_points(page) == 4


def test_downloading_the_claims_table_as_csv(page, server, tmp_path):
    page.goto(server + "/claims?supplier=PRK")
    with page.expect_download() as info:
        page.click("a.download-csv")
    path = tmp_path / "claims.csv"
    info.value.save_as(path)
    rows = list(csv.DictReader(path.open(encoding="utf-8-sig")))
    assert len(rows) == 4 and {r["supplier"] for r in rows} == {"PRK"}
    assert info.value.suggested_filename == "claims.csv"


def test_sorting_the_claims_table_by_a_column(page, server):
    page.goto(server + "/claims")
    page.click("#claims-table th:has-text('id')")
    ids = [int(t) for t in page.locator("#claims-table tbody tr td:first-child").all_inner_texts()]
    assert ids == sorted(ids)
    page.click("#claims-table th:has-text('id')")
    ids = [int(t) for t in page.locator("#claims-table tbody tr td:first-child").all_inner_texts()]
    assert ids == sorted(ids, reverse=True)


def test_hostile_text_runs_nowhere_in_pages_or_tooltips(page, server, db):
    claim = claim_id_of(db, "hostile.txt")
    for path in ("/", "/claims", f"/claims/{claim}", "/documents", "/sources", "/flows/transfer/IRN/RUS/drone"):
        page.goto(server + path)
        page.wait_for_timeout(300)
    assert page.locator("img[src=x]").count() == 0
    _chart_points(page)
    page.locator("#flow-chart .mark-symbol.role-mark path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible", timeout=10_000)
    assert "<img src=x" in tooltip.inner_text() and tooltip.locator("img, script, a").count() == 0
    page.goto(f"{server}/claims/{claim}")
    assert HOSTILE_SENTENCE.split(" according")[0] in page.inner_text("#evidence")
    assert page.dialogs == []

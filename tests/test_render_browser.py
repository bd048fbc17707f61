"""The HTML report in real headless Chromium (Debian's), from file://, with no network.

One browser for the module; each test opens a fresh page on the same report file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dossier_factory import HOSTILE_SCRIPT, make_dossier
from sourcetrace.render.html import build_data, write_html

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"

if not CHROMIUM.exists():
    pytest.skip("/usr/bin/chromium is absent (run scripts/install-browser.sh)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


class Opened:
    """A page on the report, with everything it logged and requested."""

    def __init__(self, page: Any, url: str) -> None:
        self.page = page
        self.url = url
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("request", lambda r: self.requests.append(r.url))

        def on_dialog(d: Any) -> None:
            self.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)
        page.goto(url)
        page.wait_for_selector("html[data-ready][data-graph]", timeout=15_000)


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("report") / "report.html"
    write_html(make_dossier(), out)
    return out


@pytest.fixture(scope="module")
def context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(CHROMIUM),
            args=ARGS,
            viewport={"width": 1400, "height": 1000},
            env={**os.environ, "TZ": "UTC"},
        )
        yield ctx
        ctx.close()


@pytest.fixture
def opened(context: Any, report: Path) -> Iterator[Opened]:
    page = context.new_page()
    yield Opened(page, report.as_uri())
    page.close()


def test_loads_offline_without_errors_or_requests(opened: Opened) -> None:
    opened.page.wait_for_timeout(200)
    assert opened.errors == []
    assert opened.requests == [opened.url]
    assert opened.page.locator("tr.claim-row").count() == len(make_dossier().claims)


def test_graph_draws_the_aggregated_sources(opened: Opened) -> None:
    graph = build_data(make_dossier())["graph"]
    assert opened.page.evaluate("window.cy.nodes().length") == len(graph["nodes"])
    assert opened.page.evaluate("window.cy.edges().length") == len(graph["edges"])
    # compound box: the government holds the officials and the spokesperson
    children = opened.page.evaluate(
        "window.cy.nodes().filter(n => n.data('label') === 'Norland government' && n.isParent())"
        ".children().map(n => n.data('label')).sort()"
    )
    assert children == ["Maria Kessel", "senior Norland officials"]
    # laid out: the nodes do not all sit on one point
    xs = opened.page.evaluate("window.cy.nodes().map(n => Math.round(n.position('x')))")
    assert len(set(xs)) > 3


def test_clicking_a_claim_shows_its_chains(opened: Opened) -> None:
    page = opened.page
    page.locator("tr.claim-row", has_text="The port of Valmora will close").click()
    detail = page.locator("tr.detail")
    assert detail.count() == 1
    # the distinct relay paths, then every attribution
    summary = [" ".join(t.split()) for t in detail.locator("ul.paths li").all_inner_texts()]
    assert "Daily Courier ← Wire Service Nord ← senior Norland officials ×2" in summary
    assert len(summary) == 4
    assert "4 paths to 2 original sources" in detail.locator("h3").first.inner_text().lower()
    paths = detail.locator(".chain .chain-path").all_inner_texts()
    assert len(paths) == 5
    assert any("Daily Courier\n←\nWire Service Nord\n←\nsenior Norland officials" in p or
               "Daily Courier ← Wire Service Nord ← senior Norland officials" in " ".join(p.split()) for p in paths)
    # source, cue and content marked in the quoted sentence
    first = detail.locator(".chain").nth(1)
    assert first.locator(".m-source").inner_text() == "Wire Service Nord"
    assert first.locator(".m-cue").inner_text() == "reported"
    # and it links to the article view, focused on the attribution
    first.locator("a.open-article").click()
    assert page.locator("#tab-articles").is_visible()
    assert page.locator("#reader h2").inner_text() == "Valmora port closure could run longer, sources say"
    focused = page.locator("#reader .m-focus").all_inner_texts()
    assert "Wire Service Nord" in focused and "reported" in focused


def test_clicking_a_graph_node_filters_the_claims(opened: Opened) -> None:
    page = opened.page
    page.evaluate("() => { window.cy.nodes().filter(n => n.data('label') === 'Tomas Berg').emit('tap'); }")
    rows = page.locator("tr.claim-row .claim-text").all_inner_texts()
    assert rows == ["The union will strike on March 10 if talks fail"]
    assert "Tomas Berg" in page.locator("#active-filter").inner_text()
    faded = page.evaluate("window.cy.nodes('.faded').map(n => n.data('label'))")
    assert "Tomas Berg" not in faded and "Coastal Times" in faded
    # the government box filters to every claim resting on any of its sources
    page.evaluate("() => { window.cy.nodes().filter(n => n.data('label') === 'Norland government').emit('tap'); }")
    rows = page.locator("tr.claim-row .claim-text").all_inner_texts()
    assert "The closure will affect about 1,200 workers" in rows and "Shipping firms were warned in February" in rows
    assert "The union will strike on March 10 if talks fail" not in rows


def test_filters_search_and_sort(opened: Opened) -> None:
    page = opened.page
    page.select_option("#f-entity", label="Maria Kessel (3)")
    assert page.evaluate("window.cy.nodes('.faded').filter(n => n.data('label') === 'Maria Kessel').length") == 0
    assert len(page.locator("tr.claim-row").all()) == 2
    page.locator("#active-filter button").click()
    assert page.evaluate("window.cy.nodes('.faded').length") == 0
    page.select_option("#f-status", "single-source")
    assert page.locator("tr.claim-row .badge").all_inner_texts() == ["Single source"] * 4
    page.fill("#q", "1,200")
    page.wait_for_timeout(250)
    assert page.locator("tr.claim-row .claim-text").all_inner_texts() == ["The closure will affect about 1,200 workers"]
    page.fill("#q", "")
    page.select_option("#f-status", "")
    page.wait_for_timeout(250)
    page.select_option("#f-sort", "text")
    texts = page.locator("tr.claim-row .claim-text").all_inner_texts()
    assert texts == sorted(texts, key=str.lower) or texts[0].startswith("<script>")


def test_hostile_article_renders_as_text_and_runs_nothing(opened: Opened) -> None:
    page = opened.page
    page.locator("button[data-tab=articles]").click()
    page.locator("#article-list li", has_text="Port rumours").click()
    assert page.locator("#reader h2").inner_text() == f"{HOSTILE_SCRIPT} Port rumours"
    body = page.locator("#reader .body").inner_text()
    assert "</script><script>window.__pwned=3</script>" in body
    page.locator("#reader .m-source").first.click()
    # the hostile claim opened in the table, and the conflict with a hostile reason
    page.evaluate("() => { window.sourcetrace.showClaim(3); }")
    page.locator("button[data-tab=conflicts]").click()
    assert HOSTILE_SCRIPT in page.locator(".conflict .reason").nth(1).inner_text()
    assert "javascript:window.__pwned=4" in page.locator("#reader .byline").inner_text()
    assert page.locator("a[href^='javascript'], [onerror], [onload]").count() == 0
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("#reader img, .claims img, #conflicts img, script:not([id])").count() == 2  # only our two scripts
    assert opened.dialogs == []
    assert opened.errors == []


def test_article_view_marks_every_attribution_at_its_offsets(opened: Opened) -> None:
    page = opened.page
    page.locator("button[data-tab=articles]").click()
    page.locator("#article-list li", has_text="Valmora closure capped").click()
    # the emoji before these spans is two UTF-16 units: offsets must still land on the words
    assert page.locator("#reader .body .m-source").all_inner_texts() == ["the Daily Courier", "Maria Kessel"]
    assert page.locator("#reader .body .m-cue").all_inner_texts() == ["citing", "said"]
    page.locator("#reader .body .m-source", has_text="Maria Kessel").click()
    info = " ".join(page.locator("#att-info").inner_text().split())
    assert "Coastal Times ← Maria Kessel" in info
    assert "The port of Valmora will close for three weeks from March 9" in info


def test_overlapping_spans_keep_the_text_whole(opened: Opened) -> None:
    page = opened.page
    d = make_dossier()
    for i, art in enumerate(d.articles):
        page.evaluate(f"() => {{ window.sourcetrace.openArticle({i}, -1); }}")
        # every character once, in order, however the marks nest
        assert page.locator("#reader .body").evaluate("el => el.textContent") == art.text
    page.evaluate("() => { window.sourcetrace.openArticle(1, -1); }")
    # the courier's attribution to the wire holds the wire's own attribution to the officials
    assert page.locator("#reader .body .m-cue").all_inner_texts() == ["reported", "citing", "According to", "said"]
    assert page.locator("#reader .body .m-source").all_inner_texts()[:2] == ["Wire Service Nord", "senior Norland officials"]
    # focusing the inner attribution lights its content too, though the outer one shares it
    page.locator("#reader .body .m-source", has_text="senior Norland officials").click()
    focused = page.locator("#reader .body .m-focus").all_inner_texts()
    assert focused == ["The port of Valmora will close for three weeks", "citing", "senior Norland officials"]


def test_claim_rows_open_from_the_keyboard(opened: Opened) -> None:
    page = opened.page
    page.locator("tr.claim-row").first.focus()
    page.keyboard.press("Enter")
    assert page.locator("tr.detail").count() == 1
    assert page.locator("tr.claim-row").first.get_attribute("aria-expanded") == "true"
    page.keyboard.press("Enter")
    assert page.locator("tr.detail").count() == 0


def test_timeline_lists_dated_events_in_order(opened: Opened) -> None:
    page = opened.page
    page.locator("button[data-tab=timeline]").click()
    assert page.locator(".tl .when").all_inner_texts() == ["2026-02", "2026-03-02", "2026-03-03", "2026-03-09", "2026-03-10"]
    page.locator(".tl li").first.locator("a", has_text="Claim:").click()
    assert page.locator("tr.detail").count() == 1
    assert page.locator("tr.claim-row.open .claim-text").inner_text() == "Shipping firms were warned in February"


def test_screenshot(opened: Opened) -> None:
    page = opened.page
    page.locator("tr.claim-row", has_text="The port of Valmora will close").click()
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


def test_partial_dossier_renders_without_errors(context: Any, tmp_path: Path) -> None:
    d = make_dossier(hostile=False)
    for a in d.attributions:
        a.chain = []  # names only, as a pipeline without entity linking would give
    d.attributions[1].article_id = "no-such-article"
    d.claims[0].attribution_ids.append("no-such-attribution")
    out = tmp_path / "partial.html"
    write_html(d, out)
    page = context.new_page()
    try:
        opened = Opened(page, out.as_uri())
        for i in range(page.locator("tr.claim-row").count()):
            page.locator("tr.claim-row").nth(i).click()
        page.locator("button[data-tab=conflicts]").click()
        page.locator("button[data-tab=timeline]").click()
        page.evaluate("() => { window.sourcetrace.openArticle(0, 0); }")
        assert page.evaluate("window.cy.nodes().length") > 0
        assert opened.errors == []
        assert opened.requests == [opened.url]
    finally:
        page.close()

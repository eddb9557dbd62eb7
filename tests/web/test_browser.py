"""End to end in real headless Chromium: type a goal, watch the steps, approve, find the segment.

Screenshots go to <tmp>/segment-agent-screenshots so a person can look at what a marketer sees.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page, expect, sync_playwright

from tests.web.conftest import TOKENS, live_server, make_app

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(tempfile.gettempdir()) / "segment-agent-screenshots"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's chromium is absent (/usr/bin/chromium); .ci/run installs it"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, demo_db: Path) -> Iterator[str]:
    with live_server(make_app(tmp_path_factory.mktemp("browser-home"), demo_db)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, empty profile directory of its own.
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield browser
        browser.close()


def signed_in(browser: Browser, site: str, user: str) -> Page:
    page = browser.new_page(viewport={"width": 1360, "height": 1000})
    page.set_default_timeout(30_000)
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.goto(f"{site}/#token={TOKENS[user]}")
    expect(page.locator("#who")).to_contain_text(user)
    assert "token=" not in page.url and not errors
    return page


def shoot_card(page: Page, card: Locator, name: str) -> None:
    """The whole card: a tall window first, so the chat's own scrolling does not cut it."""
    page.set_viewport_size({"width": 1360, "height": 2400})
    card.screenshot(path=SHOTS / name)
    page.set_viewport_size({"width": 1360, "height": 1000})


def test_type_a_goal_approve_and_see_the_segment(browser: Browser, site: str) -> None:
    page = signed_in(browser, site, "omar")
    page.screenshot(path=SHOTS / "01-welcome.png")
    page.fill("#goal", "High-value customers likely to churn")
    page.click("#send")
    card = page.locator("article.card.pending")
    expect(card).to_be_visible()
    expect(page.locator(".steps")).to_contain_text("Searching the schema")
    expect(card.locator(".chart svg").first).to_be_visible()
    expect(card).to_contain_text("churn score is at least 70%")
    members = card.locator(".tile .big").first.inner_text()
    page.screenshot(path=SHOTS / "02-chat.png")
    shoot_card(page, card, "03-card.png")
    card.locator("button[data-action=approve]").dblclick()
    published = page.locator("article.card .chip.published")
    expect(published).to_be_visible()
    expect(page.locator(".outcome")).to_contain_text("Published 'Likely to churn'")
    shoot_card(page, page.locator("article.card"), "04-published-card.png")
    page.get_by_text("See it in Segments").click()
    row = page.locator("#segments-table tbody tr").first
    expect(row).to_contain_text("Likely to churn")
    expect(page.locator("#segments-table tbody tr")).to_have_count(1)
    assert row.locator("td.num").first.inner_text() == members
    row.click()
    expect(page.locator("#segment-detail")).to_contain_text("Membership history")
    expect(page.locator("#segment-detail .chart svg").first).to_be_visible()
    page.screenshot(path=SHOTS / "05-segments.png", full_page=True)
    row.get_by_role("button", name="Refresh").click()
    expect(page.locator("#toast")).to_contain_text(f"Refreshed: {members} → {members} members (0)")


def test_a_marketer_asks_edits_and_cannot_approve(browser: Browser, site: str) -> None:
    page = signed_in(browser, site, "maria")
    page.fill("#goal", "Customers in Texas")
    page.keyboard.press("Enter")
    card = page.locator("article.card.pending")
    expect(card.locator("button[data-action=approve]")).to_be_disabled()
    expect(card).to_contain_text("Only approvers can approve")
    card.locator("button[data-action=edit]").click()
    card.locator(".editor textarea").fill(
        "SELECT customer_id FROM customers WHERE state = 'TX' AND age >= 40"
    )
    card.locator(".editor button.primary").click()
    expect(page.locator("article.card.pending")).to_contain_text("age")
    shoot_card(page, page.locator("article.card.pending"), "06-marketer-edited-card.png")


def test_bad_input_gets_a_clear_message(browser: Browser, site: str) -> None:
    page = signed_in(browser, site, "maria")
    page.click("#send")
    expect(page.locator(".alert")).to_contain_text("The goal is empty.")
    page.fill("#goal", "shoppers " * 300)
    expect(page.locator("#composer-note")).to_contain_text("of 2,000 characters")
    page.click("#send")
    expect(page.locator(".alert")).to_contain_text("the limit is 2,000")
    page.screenshot(path=SHOTS / "07-bad-goal.png")
    page.evaluate("localStorage.setItem('segment-agent-token', 'a-wrong-token-000000000')")
    page.reload()
    expect(page.locator("#signin-error")).to_contain_text("That API token is not valid.")
    page.screenshot(path=SHOTS / "08-wrong-token.png")


def test_a_card_decided_elsewhere_says_so_and_publishes_nothing_more(browser: Browser, site: str) -> None:
    first = signed_in(browser, site, "omar")
    first.fill("#goal", "High-value customers")
    first.click("#send")
    expect(first.locator("article.card.pending")).to_be_visible()
    second = signed_in(browser, site, "ada")
    second.goto(first.url)
    stale = second.locator("article.card.pending")
    expect(stale).to_be_visible()
    first.locator("article.card.pending button[data-action=approve]").click()
    expect(first.locator(".outcome")).to_contain_text("Published")
    stale.locator("button[data-action=approve]").click()
    expect(stale.locator(".alert")).to_contain_text("already approved by omar")
    second.screenshot(path=SHOTS / "09-stale-card.png")
    second.get_by_role("button", name="Show the current card").click()
    expect(second.locator("article.card .chip.published")).to_be_visible()

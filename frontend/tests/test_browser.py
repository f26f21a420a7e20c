"""The UI in a real browser: Playwright driving Debian's Chromium, against the live
frontend and backend. Screenshots of the main page land in test-artifacts/."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright

if TYPE_CHECKING:
    from conftest import Server

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason=f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    ),
]
# `playwright install` cannot download its own browser here; these flags make Debian's
# Chromium run headless as root in a container without a GPU or outside network.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
TIME_ZONE = "America/New_York"  # not the machine's zone: the page must use the browser's
PASSWORD = "correct horse battery"
DESKTOP = {"width": 1366, "height": 860}
PHONE = {"width": 390, "height": 844}

expect.set_options(timeout=15_000)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_context(browser: Browser) -> Iterator[Callable[..., BrowserContext]]:
    """Browser contexts in TIME_ZONE; the test fails if any page had an uncaught JS error."""
    contexts: list[BrowserContext] = []
    script_errors: list[str] = []

    def make(viewport: dict[str, int] = DESKTOP, **options: object) -> BrowserContext:
        context = browser.new_context(
            viewport=viewport, timezone_id=TIME_ZONE, locale="en-US", **options
        )
        context.on("weberror", lambda error: script_errors.append(str(error.error)))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    assert script_errors == []


def open_page(context: BrowserContext, url: str) -> Page:
    page = context.new_page()
    page.goto(url)
    return page


def sign_up(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(base_url + "/login")
    page.get_by_role("tab", name="Create account").click()
    form = page.locator("#signup-form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page).to_have_url(base_url + "/")
    expect(page.locator("#user-name")).to_have_text(email)


def task_row(page: Page, title: str | re.Pattern[str]) -> object:
    return page.locator(".task").filter(has=page.locator(".task-title", has_text=title))


def shown_titles(page: Page) -> list[str]:
    return page.locator(".task-title").all_inner_texts()


def test_chat_adds_a_task_the_board_completes_it_and_users_are_isolated(
    frontend: Server, new_context: Callable[..., BrowserContext], unique_email: Callable[[str], str]
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = new_context()
    page = open_page(context, frontend.url + "/login")
    sign_up(page, frontend.url, unique_email("ann"))

    # Chat: the agent adds the task; its tool call is listed; the board updates at once.
    chat = page.get_by_label("Message to the assistant")
    chat.fill("add buy milk tomorrow at 5pm #errands")
    chat.press("Enter")
    expect(page.locator(".tool-line")).to_have_text(
        re.compile(r"^added #\d+ buy milk — due tomorrow 17:00$", re.IGNORECASE)
    )
    expect(chat).to_have_value("")
    milk = page.locator(".task").filter(has_text=re.compile("milk", re.IGNORECASE))
    expect(milk).to_have_count(1)
    expect(milk.locator(".task-due")).to_have_text("due tomorrow 17:00")
    expect(milk.locator(".task-tags")).to_have_text("#errands")

    # The due date was resolved in the browser's time zone, not the server's.
    tasks = page.request.get(frontend.url + "/api/tasks?status=all").json()
    assert len(tasks) == 1
    due = datetime.fromisoformat(tasks[0]["due_at"]).astimezone(ZoneInfo(TIME_ZONE))
    tomorrow = (datetime.now(ZoneInfo(TIME_ZONE)) + timedelta(days=1)).date()
    assert (due.date(), due.hour, due.minute) == (tomorrow, 17, 0)

    page.screenshot(path=ARTIFACTS / "main-desktop.png")
    phone = open_page(new_context(PHONE, is_mobile=True, has_touch=True), frontend.url + "/")
    phone.context.add_cookies(context.cookies())
    phone.goto(frontend.url + "/")
    expect(phone.locator(".task")).to_have_count(1)
    phone.get_by_role("button", name="History").click()
    phone.locator(".history-open").click()
    expect(phone.locator(".tool-line")).to_have_count(1)
    phone.screenshot(path=ARTIFACTS / "main-phone.png", full_page=True)

    # Complete it from the board; after a reload it is still completed.
    with page.expect_response(lambda response: response.url.endswith("/complete")) as done:
        milk.get_by_role("checkbox").check()
    assert done.value.status == 200
    expect(milk).to_have_count(0)  # the board shows pending tasks by default
    page.reload()
    page.locator("label[for=status-completed]").click()  # the radio is styled away
    expect(milk).to_have_count(1)
    expect(milk.get_by_role("checkbox")).to_be_checked()
    expect(milk).to_have_class(re.compile(r"\bcompleted\b"))

    # The conversation can be reopened from the history, and deleted.
    page.get_by_role("button", name="History").click()
    page.locator(".history-open").click()
    expect(page.locator(".message.user .bubble")).to_have_text(
        ["add buy milk tomorrow at 5pm #errands"]
    )
    expect(page.locator(".tool-line")).to_have_text(re.compile(r"^added #\d+ buy milk", re.I))
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=re.compile("^Delete conversation")).click()
    expect(page.locator("#history-empty")).to_be_visible()
    expect(page.locator(".message")).to_have_count(0)

    # A second user sees none of it.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(frontend.url + "/login")
    sign_up(page, frontend.url, unique_email("bob"))
    page.locator("label[for=status-all]").click()
    expect(page.locator("#board-empty")).to_be_visible()
    expect(page.locator(".task")).to_have_count(0)
    assert page.request.get(frontend.url + "/api/tasks?status=all").json() == []
    page.get_by_role("button", name="History").click()
    expect(page.locator("#history-empty")).to_be_visible()


def test_board_add_filter_sort_edit_and_delete_with_undo(
    frontend: Server, new_context: Callable[..., BrowserContext], unique_email: Callable[[str], str]
) -> None:
    page = open_page(new_context(), frontend.url + "/login")
    sign_up(page, frontend.url, unique_email("board"))

    yesterday = (datetime.now(ZoneInfo(TIME_ZONE)) - timedelta(days=1)).replace(hour=9, minute=0)
    page.get_by_label("New task title").fill("Pay rent")
    add = page.locator("#add-form")
    add.get_by_label("Priority").select_option("high")
    add.get_by_label("Due").fill(yesterday.strftime("%Y-%m-%dT%H:%M"))
    add.get_by_label("Tags").fill("home, #bills")
    page.get_by_label("New task title").press("Enter")
    rent = task_row(page, "Pay rent")
    expect(rent.locator(".task-due")).to_have_text("overdue · yesterday 09:00")
    expect(rent.locator(".task-due")).to_have_class(re.compile(r"\boverdue\b"))
    expect(rent.locator(".chip")).to_have_text(["#bills", "#home"])
    expect(rent.locator(".priority")).to_have_text("high")
    expect(page.get_by_label("New task title")).to_have_value("")

    page.get_by_label("New task title").fill("Water plants")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator(".task")).to_have_count(2)

    page.get_by_label("Search tasks").fill("rent")
    expect(page.locator(".task-title")).to_have_text(["Pay rent"])
    page.get_by_label("Search tasks").fill("")
    page.get_by_label("Filter by tag").select_option("bills")
    expect(page.locator(".task-title")).to_have_text(["Pay rent"])
    page.get_by_label("Filter by tag").select_option("")
    page.get_by_label("Filter by due date").select_option("overdue")
    expect(page.locator(".task-title")).to_have_text(["Pay rent"])
    page.get_by_label("Filter by due date").select_option("")
    page.get_by_label("Filter by priority").select_option("low")
    expect(page.locator(".task-title")).to_have_text([])
    page.get_by_label("Filter by priority").select_option("")
    page.get_by_label("Sort by").select_option("title")
    expect(page.locator(".task-title")).to_have_text(["Water plants", "Pay rent"])
    page.get_by_role("button", name="Sort order: descending").click()
    expect(page.locator(".task-title")).to_have_text(["Pay rent", "Water plants"])

    # Inline edit, keyboard only.
    page.get_by_role("button", name=re.compile(r"^Edit #\d+ Water plants$")).press("Enter")
    title = page.locator(".edit-form").get_by_label("Title")
    expect(title).to_be_focused()
    title.fill("Water the plants")
    tags = page.locator(".edit-form").get_by_label("Tags")
    tags.fill("green!")
    title.press("Enter")
    # Refused by the backend: its message is shown and the editor keeps what was typed.
    expect(page.locator("#banner")).to_contain_text("invalid tag")
    expect(title).to_have_value("Water the plants")
    tags.fill("green")
    title.press("Enter")
    expect(page.locator("#banner")).to_be_hidden()
    expect(page.locator(".task-title")).to_have_text(["Pay rent", "Water the plants"])
    page.screenshot(path=ARTIFACTS / "board-desktop.png")

    # Delete offers an undo; undone, the task stays; otherwise it is gone for good.
    plants = task_row(page, "Water the plants")
    delete = plants.get_by_role("button", name=re.compile("^Delete"))
    delete.press("Enter")
    expect(plants).to_have_count(0)
    expect(page.locator("#toast")).to_contain_text("Deleted")
    expect(page.get_by_role("button", name="Undo")).to_be_focused()
    page.keyboard.press("Enter")
    expect(plants).to_have_count(1)
    expect(delete).to_be_focused()
    with page.expect_response(
        lambda response: response.request.method == "DELETE", timeout=15_000
    ) as deleted:
        delete.click()
    assert deleted.value.status == 204
    page.reload()
    expect(page.locator(".task-title")).to_have_text(["Pay rent"])

    # Complete and reopen with the keyboard (Space on the checkbox).
    page.get_by_role("checkbox", name=re.compile(r"^Complete #\d+ Pay rent$")).press("Space")
    expect(page.locator(".task")).to_have_count(0)
    expect(page.get_by_label("New task title")).to_be_focused()  # focus stays on the board
    page.locator("label[for=status-completed]").click()
    page.get_by_role("checkbox", name=re.compile(r"^Reopen #\d+ Pay rent$")).press("Space")
    expect(page.locator(".task")).to_have_count(0)
    page.locator("label[for=status-pending]").click()
    expect(page.locator(".task-title")).to_have_text(["Pay rent"])
    expect(rent.locator(".task-due")).to_have_class(re.compile(r"\boverdue\b"))

    # Every control a keyboard or screen-reader user meets has an accessible name.
    controls = page.locator("input:visible, select:visible, textarea:visible, button:visible")
    assert controls.count() > 15
    for control in controls.all():
        expect(control).to_have_accessible_name(re.compile(r"\S"))


def test_change_password_then_sign_in_with_it(
    frontend: Server, new_context: Callable[..., BrowserContext], unique_email: Callable[[str], str]
) -> None:
    email = unique_email("pw")
    page = open_page(new_context(), frontend.url + "/login")
    sign_up(page, frontend.url, email)
    page.get_by_role("button", name="Change password").click()
    dialog = page.get_by_role("dialog", name="Change password")
    dialog.get_by_label("Current password").fill("not my password")
    dialog.get_by_label("New password").fill("an even better passphrase")
    dialog.get_by_role("button", name="Save").click()
    expect(dialog.locator(".form-error")).to_be_visible()
    dialog.get_by_label("Current password").fill(PASSWORD)
    dialog.get_by_role("button", name="Save").click()
    expect(dialog).to_be_hidden()
    expect(page.locator("#toast")).to_have_text(re.compile("Password changed"))

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(frontend.url + "/login")
    form = page.locator("#signin-form")
    form.get_by_label("Email").fill(email)
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Sign in").click()
    expect(form.locator(".form-error")).to_be_visible()
    form.get_by_label("Password").fill("an even better passphrase")
    form.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(frontend.url + "/")
    expect(page.locator("#user-name")).to_have_text(email)


def test_backend_down_shows_a_banner_and_keeps_what_was_typed(
    frontend_without_backend: Server, new_context: Callable[..., BrowserContext]
) -> None:
    base = frontend_without_backend.url
    page = open_page(new_context(), base + "/login")
    page.locator("#signin-form").get_by_label("Email").fill("ann@example.com")
    page.locator("#signin-form").get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    banner = page.locator("#banner")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("The task service is unreachable right now")
    expect(page.locator("#signin-form").get_by_label("Email")).to_have_value("ann@example.com")

    # Inside the app (a session cookie from before the outage): the chat keeps the message.
    page.context.add_cookies([{"name": "todo_session", "value": "stale", "url": base}])
    page.goto(base + "/")
    expect(banner).to_contain_text("unreachable")
    chat = page.get_by_label("Message to the assistant")
    chat.fill("add call mom on friday")
    page.get_by_role("button", name="Dismiss message").click()
    expect(banner).to_be_hidden()
    chat.press("Enter")
    expect(banner).to_contain_text("unreachable")
    expect(chat).to_have_value("add call mom on friday")
    expect(page.locator(".message")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Traceback")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=ARTIFACTS / "backend-down.png")

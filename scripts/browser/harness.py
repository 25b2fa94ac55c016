"""The small harness of the browser suite: a signed-in page per path, navigation that fails on a 5xx,
screenshots of every step (with --shots) and of every failure.

Paths check pages by their elements (headings, cells, inputs, role=alert / role=status boxes) through
Playwright's `expect`, never by a word somewhere in the HTML.
"""
import os
import re
import time
import traceback
import unicodedata

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

PASSWORD = "demo1234"
# Server-rendered pages: what a page shows is there when it loads; a short wait is enough.
expect.set_options(timeout=5_000)


class Failure(AssertionError):
    """A check of a path that did not hold (the message says what was expected and what was seen)."""


def check(condition, message):
    if not condition:
        raise Failure(message)


def slug(text):
    """A file name's part: `aceitar a correção` → `aceitar-a-correcao`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-").lower() or "home"


class Run:
    """One run of the suite: the browser, the base URL, where screenshots go, and the results."""

    def __init__(self, browser, base, out, every_step):
        self.browser, self.base, self.out, self.every_step = browser, base.rstrip("/"), out, every_step
        self.results = []  # (name, ok, seconds, message, screenshot)

    def path(self, function):
        """Runs one path (a function taking a Path) in its own browser context."""
        name = function.__name__
        started = time.monotonic()
        path = Path(self, name)
        ok, message, screenshot = True, "", ""
        try:
            function(path)
            path.no_server_errors()
        except Exception as error:  # noqa: BLE001 — every failure of a path is reported, the others still run
            ok = False
            message = describe(error)
            screenshot = path.screenshot("FALHA", always=True)
        finally:
            path.close()
        seconds = time.monotonic() - started
        self.results.append((name, ok, seconds, message, screenshot))
        status = "ok   " if ok else "FALHA"
        print(f"[browser] {status} {name} ({seconds:.1f}s)", flush=True)
        if not ok:
            print(indent(message), flush=True)
            if screenshot:
                print(f"          captura: {screenshot}", flush=True)
        return ok


def describe(error):
    if isinstance(error, Failure):
        return str(error)
    if isinstance(error, AssertionError):  # Playwright's expect: its message names the locator and what it saw
        return str(error).strip()
    if isinstance(error, PlaywrightError):
        return f"{type(error).__name__}: {error.message.strip()}"
    return "".join(traceback.format_exception(error)).strip()


def indent(text, prefix="          "):
    return "\n".join(prefix + line for line in text.splitlines()[:40])


class Path:
    """A path's browser context and page, signed in as one user at a time."""

    def __init__(self, run, name, viewport=(1366, 768)):
        self.run, self.name = run, name
        self.context = run.browser.new_context(viewport={"width": viewport[0], "height": viewport[1]}, locale="pt-BR")
        # A page that does not come in a few seconds is a failure, not a 30 s wait.
        self.context.set_default_timeout(10_000)
        self.context.set_default_navigation_timeout(15_000)
        self.page = self.context.new_page()
        self.steps = 0
        self.server_errors = []
        self.page.on("response", self._watch)

    def _watch(self, response):
        if response.status >= 500:
            self.server_errors.append(f"{response.status} {response.request.method} {response.url}")

    def no_server_errors(self):
        check(not self.server_errors, "respostas 5xx: " + "; ".join(self.server_errors))

    def close(self):
        try:
            self.context.close()
        except PlaywrightError:
            pass

    def url(self, path):
        return self.run.base + path

    # Navigation -------------------------------------------------------------------------------------

    def goto(self, path, expect_status=None):
        """Opens `path`; fails on a 5xx, or on any other status than `expect_status` when given (else < 400)."""
        response = self.page.goto(self.url(path))
        check(response is not None, f"{path}: sem resposta")
        self._status(path, response.status, expect_status)
        self.screenshot(path)
        return response

    def submit(self, locator, what, expect_status=None):
        """Clicks a submit button (a locator) and waits for the page the form leads to."""
        with self.page.expect_navigation() as navigation:
            locator.click()
        response = navigation.value
        check(response is not None, f"{what}: sem resposta")
        self._status(what, response.status, expect_status)
        self.screenshot(what)
        return response

    def _status(self, what, status, expected):
        check(status < 500, f"{what}: o servidor respondeu {status} ({self.page.url})")
        if expected is not None:
            check(status == expected, f"{what}: esperava a situação {expected}, veio {status} ({self.page.url})")
        else:
            check(status < 400, f"{what}: esperava uma página, veio {status} ({self.page.url})")

    # Session ----------------------------------------------------------------------------------------

    def login(self, username):
        """Signs in through the login form, as a person would (a fresh session: the old one is dropped)."""
        self.context.clear_cookies()
        self.goto("/login")
        self.page.fill("#f-username", username)
        self.page.fill("#f-password", PASSWORD)
        self.submit(self.page.get_by_role("button", name="Entrar"), f"login de {username}")
        check("/login" not in self.page.url, f"login de {username}: continuou na página de login ({self.page.url})")
        expect(self.page.locator("header.top .who")).to_be_visible()

    # Checks -----------------------------------------------------------------------------------------

    def heading(self, text=None):
        """The page's one <h1>; with `text`, its text must contain it."""
        h1 = self.page.locator("main h1")
        expect(h1).to_have_count(1)
        if text is not None:
            expect(h1).to_contain_text(text)
        return h1

    def notice(self, text):
        """The notice box of the last action (role=status)."""
        expect(self.page.locator("main [role=status]")).to_contain_text(text)

    def screenshot(self, label, always=False):
        if not (always or self.run.every_step):
            return ""
        self.steps += 1
        file = os.path.join(self.run.out, f"{self.name}-{self.steps:02d}-{slug(label)[:60]}.png")
        try:
            self.page.screenshot(path=file, full_page=True)
        except PlaywrightError:
            return ""
        return file

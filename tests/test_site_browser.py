"""The download page in headless Chromium: links resolve, no sideways scrolling, keyboard focus."""

from __future__ import annotations

import base64
import functools
import http.server
import os
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cse_lessonpack.build import BuildRequest, build
from cse_lessonpack.colour import AA_TEXT, contrast
from cse_lessonpack.content import load_library
from cse_lessonpack.profile import default_tailoring
from cse_lessonpack.site import build_site

from .conftest import LESSONS, TEMPLATES

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SKIP_REASON = "no headless Chromium: install Debian's chromium and chromium-driver (see .ci/run)"
SCREENSHOTS = Path(tempfile.gettempdir()) / "site-screenshots"  # kept for a person to look at
PHONE, DESKTOP = 360, 1280
REQUIRE_BROWSER = "CSE_LESSONPACK_REQUIRE_BROWSER"


def _browser_or_skip() -> None:
    """Skip, saying why, when there is no browser; CI sets REQUIRE_BROWSER so it fails instead."""
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    reason = f"{SKIP_REASON}; missing {', '.join(missing)}" if missing else ""
    try:
        import selenium  # noqa: F401
    except ImportError:
        reason = f"{SKIP_REASON}; the selenium package is not installed (pip install -e '.[test]')"
    if reason and os.environ.get(REQUIRE_BROWSER):
        pytest.fail(f"{REQUIRE_BROWSER} is set but {reason}")
    if reason:
        pytest.skip(reason)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built in full, with its download page: what the campaign publishes."""
    _browser_or_skip()
    out = tmp_path_factory.mktemp("site")
    build(BuildRequest(lessons=LESSONS, templates=TEMPLATES, out_dir=out))
    build_site(out, load_library(LESSONS), default_tailoring(TEMPLATES), TEMPLATES)
    return out


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[str]:
    """``python -m http.server`` for the output folder, on a free port."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    profile = tmp_path_factory.mktemp("chromium-profile")
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={profile}",
        f"--window-size={DESKTOP},900",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # The driver is given, so selenium never tries to download one.
    browser = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    browser.set_page_load_timeout(30)
    browser.set_script_timeout(20)
    try:
        yield browser
    finally:
        browser.quit()


def _viewport(driver: Any, width: int, height: int = 800, mobile: bool = False) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile},
    )


def _open(driver: Any, url: str, width: int, mobile: bool = False) -> None:
    _viewport(driver, width, mobile=mobile)
    driver.get(url)
    # Wait for the fonts and every image, so measurements and screenshots show the finished page.
    driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "Promise.all([document.fonts.ready, ...Array.from(document.images, i => i.decode().catch(() => null))])"
        ".then(() => done(true));"
    )


def _screenshot(driver: Any, width: int, target: Path) -> Path:
    """The whole page, top to bottom, at ``width`` CSS pixels."""
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {
            "format": "png",
            "captureBeyondViewport": True,
            "clip": {"x": 0, "y": 0, "width": width, "height": height, "scale": 1},
        },
    )
    target.write_bytes(base64.b64decode(shot["data"]))
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(target, SCREENSHOTS / target.name)
    return target


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            response.read()
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_every_link_and_resource_on_the_served_page_exists(driver: Any, server: str) -> None:
    _open(driver, server, DESKTOP)
    found = driver.execute_script(
        "return {"
        " links: Array.from(document.querySelectorAll('a[href]'), a => a.href),"
        " resources: Array.from(document.querySelectorAll('img[src], link[href], script[src]'),"
        "   e => e.src || e.href),"
        " ids: Array.from(document.querySelectorAll('[id]'), e => e.id),"
        " broken: Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src),"
        " fonts: Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family + ' ' + f.weight),"
        "}"
    )
    assert found["broken"] == []
    assert len(found["fonts"]) >= 1, "the bundled font did not load"
    for url in found["resources"]:
        assert url.startswith(server), f"{url} is not on the page's own server"
        assert _status(url) == 200, url
    checked = 0
    for url in found["links"]:
        parsed = urllib.parse.urlsplit(url)
        if url.startswith(server):
            if parsed.fragment and parsed.path == "/":
                assert parsed.fragment in found["ids"], f"no element with id {parsed.fragment!r}"
            else:
                assert _status(url) == 200, f"{url} does not point to a file that exists"
                checked += 1
        else:
            # The only other links dial a helpline, text or write to one, or visit its website.
            assert parsed.scheme in {"tel", "sms", "mailto", "https"}, url
    assert checked >= 10 + 4 + 1, "expected every pack and guide, in both formats, and the manifest"
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert severe == [], severe


def test_phone_width_has_no_sideways_scrolling(driver: Any, server: str, tmp_path: Path) -> None:
    _open(driver, server, PHONE, mobile=True)
    sizes = driver.execute_script(
        "return {inner: window.innerWidth, scroll: document.documentElement.scrollWidth,"
        " wide: Array.from(document.querySelectorAll('body *'))"
        "   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5"
        "     && !e.closest('.visually-hidden') && !e.matches('.skip-link'))"
        "   .map(e => e.tagName + '.' + e.className + ': ' + (e.textContent || '').trim().slice(0, 40))}"
    )
    assert sizes["inner"] == PHONE
    assert sizes["scroll"] <= sizes["inner"], f"wider than the phone: {sizes['wide'][:5]}"
    assert sizes["wide"] == []
    shot = _screenshot(driver, PHONE, tmp_path / "download-page-360.png")
    assert shot.stat().st_size > 10_000


# Each word of the chosen elements' text (a hyphen or slash may end a line, so they part words),
# and those the browser laid out over more than one line. Web and email addresses may break.
_SPLIT_WORDS = """
const split = [];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
for (let node = walker.nextNode(); node; node = walker.nextNode()) {
  const element = node.parentElement;
  if (!element.closest(arguments[0])) continue;
  if (element.closest('.visually-hidden, .skip-link, .unzip-note, a[href*="//"], a[href^="mailto:"]')) continue;
  for (const word of node.data.matchAll(/[^\\s\\/-]+-?/g)) {
    const range = document.createRange();
    range.setStart(node, word.index);
    range.setEnd(node, word.index + word[0].length);
    const lines = new Set(Array.from(range.getClientRects()).filter(r => r.width > 0)
      .map(r => Math.round(r.top)));
    if (lines.size > 1) split.push(element.tagName + ': ' + word[0]);
  }
}
return split;
"""


def _text_size(driver: Any, percent: int) -> None:
    """The reader's text size, as a browser's text-size setting gives it: every size on the page
    is in rem, so a larger root font size scales the text (and only the text zoom would)."""
    driver.execute_script(f"document.documentElement.style.fontSize = '{percent}%'")


@pytest.mark.parametrize(
    ("width", "text", "where"),
    [
        # The narrowest screen WCAG 1.4.10 asks for: no word anywhere is broken.
        (320, 100, "body"),
        # Text at 200% on a small tablet: the cards' titles beside their pictures broke
        # ("Staff safeguardin / g briefing", "Secondary stu / dents").
        (640, 200, "body"),
        # 320 px at 200% text is as narrow as 160 px: a word of a service's name or a lesson
        # title can be longer than a line there, and only such a word may break; the page's
        # headings keep theirs whole.
        (320, 200, "h1, h2, h3"),
    ],
)
def test_words_wrap_whole_on_a_phone_and_at_200_percent_text(
    driver: Any, server: str, tmp_path: Path, width: int, text: int, where: str
) -> None:
    _open(driver, server, width, mobile=True)
    _text_size(driver, text)
    split = driver.execute_script(_SPLIT_WORDS, where)
    sizes = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    _screenshot(driver, width, tmp_path / f"download-page-{width}-text-{text}.png")
    assert split == [], f"words broken across lines at {width} px, text {text}%: {split}"
    # A number in large text (0808 800 5000) was wider than a 320 px screen: the page scrolled
    # sideways (the phone zooms the page out to fit, so the window is wider than the screen).
    assert sizes == [width, width], f"at {width} px, text {text}%: window and page {sizes}"


def test_desktop_screenshot(driver: Any, server: str, tmp_path: Path) -> None:
    _open(driver, server, DESKTOP)
    sizes = driver.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]"
    )
    assert sizes[1] <= sizes[0]
    shot = _screenshot(driver, DESKTOP, tmp_path / "download-page-1280.png")
    assert shot.stat().st_size > 10_000


def test_keyboard_reaches_every_link_in_order_with_visible_focus(driver: Any, server: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(driver, server, PHONE, mobile=True)
    links = driver.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"
    )
    seen = []
    for _ in links:
        ActionChains(driver).send_keys(Keys.TAB).perform()
        state = driver.execute_script(
            "const e = document.activeElement, s = getComputedStyle(e), r = e.getBoundingClientRect();"
            "return {tag: e.tagName, href: e.getAttribute('href'),"
            " background: s.backgroundColor, colour: s.color, shadow: s.boxShadow,"
            " visible: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < window.innerHeight}"
        )
        assert state["tag"] == "A", f"focus left the links: {state}"
        # The focus style: the accent behind the link and a thick underline drawn as a shadow.
        assert state["shadow"] != "none", f"no visible focus on {state['href']}"
        # Every link and button turns amber: the Word and A3 buttons stayed white.
        assert state["background"] == "rgb(244, 180, 0)", f"no amber on {state['href']}"
        # … with dark text on it: the footer's links stayed white, 1.9:1 on the amber.
        ratio = contrast(_hex(state["colour"]), _hex(state["background"]))
        assert ratio >= AA_TEXT, f"{state['href']}: {state['colour']} on amber is {ratio:.2f}:1"
        assert state["visible"], f"focused link {state['href']} is off screen"
        seen.append(state["href"])
    assert seen == links
    assert seen[0] == "#main", "the first Tab should reach the skip link"


def test_printed_the_page_keeps_each_card_whole_and_every_word_dark(
    driver: Any, server: str
) -> None:
    # Printed, a card parted between sheets spilled over the next card, and the footer's
    # links printed white on the white paper.
    _open(driver, server, DESKTOP)
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        found = driver.execute_script(
            "const cards = Array.from(document.querySelectorAll('.card, .contact'),"
            "  e => getComputedStyle(e).breakInside);"
            "const links = Array.from(document.querySelectorAll('.site-footer a'),"
            "  e => getComputedStyle(e).color);"
            "return {cards: cards, links: links};"
        )
    finally:
        driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    assert found["cards"] and set(found["cards"]) == {"avoid"}
    assert found["links"]
    for colour in found["links"]:
        assert contrast(_hex(colour), "#FFFFFF") >= AA_TEXT, colour


def _hex(css: str) -> str:
    """A computed colour ("rgb(28, 28, 28)") as #RRGGBB."""
    red, green, blue = (int(v) for v in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return f"#{red:02X}{green:02X}{blue:02X}"


def test_skip_link_moves_focus_to_the_downloads(driver: Any, server: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    _open(driver, server, DESKTOP)
    ActionChains(driver).send_keys(Keys.TAB).send_keys(Keys.ENTER).perform()
    time.sleep(0.2)
    assert driver.execute_script("return document.activeElement.id") == "main"
    ActionChains(driver).send_keys(Keys.TAB).perform()
    first = driver.execute_script("return document.activeElement.closest('main') !== null")
    assert first, "after the skip link, Tab should move on inside the main content"


def test_the_page_works_opened_from_disk(driver: Any, site: Path) -> None:
    _open(driver, (site / "index.html").as_uri(), DESKTOP)
    state = driver.execute_script(
        "return {broken: Array.from(document.images).filter(i => i.naturalWidth === 0).map(i => i.src),"
        " styled: getComputedStyle(document.querySelector('.masthead')).backgroundColor,"
        " fonts: Array.from(document.fonts).filter(f => f.status === 'loaded').length,"
        " files: Array.from(document.querySelectorAll('a[href]'), a => a.href)"
        "   .filter(h => h.startsWith('file:') && !h.includes('#'))}"
    )
    assert state["broken"] == []
    assert state["styled"] not in {"rgba(0, 0, 0, 0)", "transparent"}, "the stylesheet did not load"
    assert state["fonts"] >= 1, "the bundled font did not load from disk"
    for url in state["files"]:
        path = Path(urllib.request.url2pathname(urllib.parse.urlsplit(url).path))
        assert path.is_file(), f"{url} does not exist on disk"


def test_a_page_opened_inside_its_zip_says_to_extract_it_first(
    driver: Any, site: Path, tmp_path: Path
) -> None:
    # Windows opens index.html from inside a school's zip on its own, in a temporary folder,
    # without the files beside it: the page came up plain and no download opened, unexplained.
    def note_shown(page: Path) -> bool:
        _open(driver, page.as_uri(), DESKTOP)
        shown: bool = driver.execute_script(
            "const n = document.querySelector('.unzip-note');"
            "return n !== null && n.getBoundingClientRect().height > 0"
        )
        return shown

    alone = tmp_path / "index.html"
    shutil.copy(site / "index.html", alone)
    assert note_shown(alone)
    words = driver.find_element("css selector", ".unzip-note").text
    assert "Extract the whole zip first" in words and "Extract All" in words
    assert not note_shown(site / "index.html")  # extracted, or on the web: no note


# For each phone number whose text node just before it ends with "(": whether that bracket sits
# on the number's line, at each width of the page's body from 300 px to 1000 px.
_BRACKETS_APART = """
const apart = [];
const found = [];
for (const phone of document.querySelectorAll('.phone')) {
  const link = phone.closest('a') || phone;
  const before = link.previousSibling;
  if (before && before.nodeType === Node.TEXT_NODE && before.data.endsWith('(')) found.push([before, phone]);
}
for (let width = 300; width <= 1000; width += 5) {
  document.body.style.width = width + 'px';
  for (const [before, phone] of found) {
    const range = document.createRange();
    range.setStart(before, before.data.length - 1);
    range.setEnd(before, before.data.length);
    const bracket = range.getClientRects()[0];
    const number = phone.getClientRects()[0];
    const middle = (r) => (r.top + r.bottom) / 2;  // a box and a glyph differ in height
    if (Math.abs(middle(bracket) - middle(number)) > bracket.height / 2) apart.push(width + ': (' + phone.textContent);
  }
}
document.body.style.width = '';
return [found.length, apart];
"""


def test_a_bracket_before_a_phone_number_stays_on_its_line(driver: Any, server: str) -> None:
    # "(" was left at a line's end, the number starting the next ("(Room B12) (" / "01632 …)").
    _open(driver, server, DESKTOP)
    found, apart = driver.execute_script(_BRACKETS_APART)
    assert found >= 3  # the services for adults, each with its number in brackets
    assert sorted({a.split(": ", 1)[1] for a in apart}) == []


_COMMA_APART = """
const apart = [];
const found = [];
for (const span of document.querySelectorAll('.bracketed')) {
  // The punctuation that follows a bracketed number: its own text node, or the span's end.
  const after = span.nextSibling;
  if (after && after.nodeType === Node.TEXT_NODE && /^[,.;]/.test(after.data)) found.push([span, after]);
  const inner = span.lastChild;
  if (inner && inner.nodeType === Node.TEXT_NODE && /\\)[,.;]$/.test(inner.data)) found.push([span, null]);
}
for (let width = 300; width <= 1100; width += 5) {
  document.body.style.width = width + 'px';
  for (const [span, after] of found) {
    if (after === null) continue;  // inside the span, which never breaks: nothing to measure
    const range = document.createRange();
    range.setStart(after, 0);
    range.setEnd(after, 1);
    const mark = range.getClientRects()[0];
    const rects = span.getClientRects();
    const close = rects[rects.length - 1];
    if (Math.abs(mark.bottom - close.bottom) > mark.height / 2) apart.push(width + ': ' + span.textContent);
  }
}
document.body.style.width = '';
return [found.length, apart];
"""


def test_a_comma_after_a_bracketed_number_stays_on_its_line(driver: Any, server: str) -> None:
    # "Police (non-emergency) (101)" ended a line and ", Missing People SafeCall (116 000),"
    # began the next, at 365 px and other widths.
    _open(driver, server, DESKTOP)
    found, apart = driver.execute_script(_COMMA_APART)
    assert found >= 3
    assert sorted({a.split(": ", 1)[1] for a in apart}) == []

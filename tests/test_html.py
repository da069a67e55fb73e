"""HTML pages: their structure as a browser reads it, hostile card text shown as text, and (in a
real headless Chromium, when one is installed) pages that fit a phone and a small window.

Set PATTERNCLI_HTML_SHOTS to a folder to have the browser test save a full-page PNG of each page
it measures, to look at.
"""

from __future__ import annotations

import json
import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import run
from patterncli.catalog import Catalog
from patterncli.compare import compare
from patterncli.model import Card, card_from_data
from patterncli.render import Options, html_out
from patterncli.resolve import narrow
from patterncli.safe_text import is_safe, visible
from patterncli.views import Selection

# A tiny DOM, enough to ask what a reader sees.

VOID = {"meta", "br", "link", "img", "hr", "input", "wbr", "source"}
# Elements a browser sets on lines of their own: their text never runs into the next one's.
BLOCKS = {
    "p",
    "div",
    "li",
    "dt",
    "dd",
    "ul",
    "ol",
    "dl",
    "section",
    "article",
    "header",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
}


@dataclass
class Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        """The text as written in the page, a <br> as a line break; block elements on lines of their own."""
        if self.tag == "br":
            return "\n"
        inner = "".join(c if isinstance(c, str) else c.text() for c in self.children)
        return f"\n{inner}\n" if self.tag in BLOCKS else inner

    def shown(self) -> str:
        """What the element itself shows, without the breaks around it."""
        return self.text().strip("\n")

    def words(self) -> str:
        """The words a reader sees, in order, whitespace between them as one space."""
        return " ".join(self.text().split())

    def all(self, tag: str | None = None, cls: str | None = None) -> list[Node]:
        found = []
        for child in self.children:
            if isinstance(child, Node):
                if (tag is None or child.tag == tag) and (cls is None or cls in child.classes):
                    found.append(child)
                found += child.all(tag, cls)
        return found

    def one(self, tag: str | None = None, cls: str | None = None) -> Node:
        found = self.all(tag, cls)
        assert len(found) == 1, (tag, cls, len(found))
        return found[0]

    def by_id(self, ident: str) -> Node:
        return next(node for node in self.all() if node.attrs.get("id") == ident)


class TreeBuilder(HTMLParser):
    """Builds the tree and insists that every element is closed where it was opened."""

    def __init__(self) -> None:
        super().__init__()
        self.root = Node("#document")
        self.open = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(node)
        if tag not in VOID:
            self.open.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.open[-1].tag == tag, f"</{tag}> closes <{self.open[-1].tag}>"
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.open[-1].children.append(data)


def parse(page: str) -> Node:
    builder = TreeBuilder()
    builder.feed(page)
    builder.close()
    assert builder.doctype.lower() == "doctype html"
    assert [node.tag for node in builder.open] == ["#document"], "unclosed elements"
    return builder.root


def headings(doc: Node, tag: str) -> list[str]:
    return [h.words() for h in doc.all(tag)]


# Cards to render


def card(**changes: Any) -> Card:
    data: dict[str, Any] = {
        "id": "mine",
        "name": "My Pattern",
        "provenance": {"kind": "written-for-tool", "note": "My own summary."},
        "sections": [
            {
                "key": "behavior",
                "title": "Interpersonal Behavior",
                "group": "description",
                "items": ["Agrees"],
            },
        ],
    }
    data.update(changes)
    return card_from_data(data)


HOSTILE = '<script>alert(1)</script> "onload="alert(2)" \x1b[2J\u202eevil\x07 & &amp;'
HOSTILE_CARD = card(
    id="hostile",
    name=HOSTILE,
    provenance={
        "kind": "written-for-tool",
        "note": HOSTILE,
        "sources": [
            {"title": HOSTILE, "url": "javascript:alert(3)"},
            {
                "title": "A real page",
                "author": "A. Writer",
                "year": 2020,
                "url": 'https://example.org/?q="onmouseover=x',
            },
            {"title": "Local", "url": "file:///etc/passwd"},
            {"title": "Broken", "url": "https://[oops"},
        ],
    },
    sections=[
        {
            "key": "behavior",
            "title": f"</h3>{HOSTILE}",
            "group": "description",
            "items": [HOSTILE, {"label": '"><img src=x onerror=alert(4)>', "text": HOSTILE}],
        },
    ],
    omitted=[{"key": "transference", "reason": HOSTILE}],
)


@pytest.fixture
def insecure_page(catalog: Catalog) -> Node:
    return parse(html_out.show(catalog.get("insecure"), Options()))


# One card


def test_a_card_page_has_a_title_a_viewport_and_the_name_as_its_only_h1(insecure_page: Node) -> None:
    assert insecure_page.one("html").attrs["lang"] == "en"
    assert insecure_page.one("title").shown() == "Insecure Pattern"
    metas = {m.attrs.get("name"): m.attrs.get("content") for m in insecure_page.all("meta")}
    assert metas["viewport"] == "width=device-width, initial-scale=1"
    assert headings(insecure_page, "h1") == ["Insecure Pattern"]
    assert not insecure_page.all("pre")


def test_groups_are_h2_and_sections_h3_with_stable_ids(catalog: Catalog, insecure_page: Node) -> None:
    assert headings(insecure_page, "h2") == [
        "Description",
        "Dynamics",
        "Distinctions and Subtypes",
        "Related Concepts",
        "The Therapy Relationship",
        "Treatment",
    ]
    assert insecure_page.by_id("insecure--group--treatment").one("h2").shown() == "Treatment"
    section = insecure_page.by_id("insecure--countertransference-toward-client")
    assert section.one("h3").shown() == "Countertransference toward Insecure Client"
    assert [li.shown() for li in section.all("li")] == [
        "Overly involved in reassuring client",
        "Repulsed by client’s insecurities",
    ]
    ids = [node.attrs["id"] for node in insecure_page.all() if "id" in node.attrs]
    assert len(ids) == len(set(ids))
    assert {f"insecure--{s.key}" for s in catalog.get("insecure").sections} <= set(ids)


def test_treatment_phases_are_numbered_and_potential_problems_is_not(insecure_page: Node) -> None:
    treatment = headings(insecure_page.by_id("insecure--group--treatment"), "h3")
    assert treatment[0] == "Phase 1 · Forming the Alliance and Disconfirming the Pattern"
    assert treatment[-1] == "Potential Problems"
    assert all(title.startswith("Phase ") for title in treatment[:-1])


def test_added_headings_carry_a_visible_mark_explained_in_the_header(insecure_page: Node) -> None:
    behavior = insecure_page.by_id("insecure--behavior").one("h3")
    assert behavior.words() == "Interpersonal Behavior heading added"
    assert (
        behavior.one("span", "mark").attrs["title"] == "Heading added for this tool; it is not in the source."
    )
    assert not insecure_page.by_id("insecure--core-issues").all("span", "mark")
    legend = insecure_page.one("header").one("div", "legend")
    assert legend.words() == "heading added Heading added for this tool; it is not in the source."


def test_labelled_items_and_subtypes_are_definition_lists(insecure_page: Node) -> None:
    self_other = insecure_page.by_id("insecure--self-other").one("dl", "labelled")
    terms = [
        (dt.shown(), dd.shown()) for dt, dd in zip(self_other.all("dt"), self_other.all("dd"), strict=True)
    ]
    assert terms == [
        ("Self:", "Not desirable, inadequate, incompetent"),
        ("Other:", "Desirable, powerful, judgmental, rejecting"),
    ]
    subtypes = insecure_page.by_id("insecure--subtypes")
    assert subtypes.one("dl", "named").all("dt")[0].shown() == "Socially Insecure"
    # an item's further lines stay with it, on lines of their own
    assert (
        "Feels pressured to perform by others and feels inadequate to meet the perceived demand\nSometimes"
        in (subtypes.one("ul").shown())
    )


def test_every_line_of_every_card_is_on_its_page(catalog: Catalog) -> None:
    for shown in catalog.all_cards():
        page = parse(html_out.show(shown, Options())).one("main").words()
        for section in shown.sections:
            for entry in section.items:
                assert all(" ".join(line.split()) in page for line in entry.source_lines()), (shown.id, entry)


def test_the_provenance_is_shown_and_a_summary_card_says_so(catalog: Catalog) -> None:
    page = parse(html_out.show(catalog.get("needy"), Options()))
    provenance = page.one("p", "provenance")
    assert "summary" in provenance.classes
    assert provenance.words().startswith("Source: Summary written for patterncli")


def test_sources_are_listed_and_only_web_urls_are_links() -> None:
    page = parse(html_out.show(HOSTILE_CARD, Options()))
    sources = page.one("div", "sources")
    assert [li.shown() for li in sources.all("li")] == [
        f"{visible(HOSTILE)}. javascript:alert(3)",
        'A. Writer (2020). A real page. https://example.org/?q="onmouseover=x',
        "Local. file:///etc/passwd",
        "Broken. https://[oops",
    ]
    link = sources.one("a")
    assert link.attrs == {"href": 'https://example.org/?q="onmouseover=x', "rel": "noopener noreferrer"}


def test_hostile_card_text_is_shown_as_text_never_obeyed() -> None:
    page_text = html_out.show(HOSTILE_CARD, Options())
    assert is_safe(page_text), "a control or bidi character reached the page"
    page = parse(page_text)
    assert not page.all("script") and not page.all("img")
    assert not [name for node in page.all() for name in node.attrs if name.startswith("on")]
    shown = visible(HOSTILE)
    assert page.one("title").shown() == shown
    assert page.one("h1").shown() == shown
    assert page.one("h3").words() == " ".join(f"</h3>{shown}".split())
    assert [li.shown() for li in page.one("ul", "items").all("li")] == [shown]
    assert page.one("dl", "labelled").one("dt").shown() == '"><img src=x onerror=alert(4)>:'


@settings(max_examples=100, deadline=None)
@given(name=st.text(min_size=1, max_size=40), item=st.text(min_size=1, max_size=80))
def test_any_text_in_a_card_reads_back_exactly_as_made_visible(name: str, item: str) -> None:
    page_text = html_out.show(
        card(name=name, sections=[{"key": "k", "title": name, "items": [item]}]), Options()
    )
    assert is_safe(page_text)
    page = parse(page_text)
    assert page.one("h1").text() == f"\n{visible(name)}\n"
    assert page.one("li").text() == f"\n{visible(item)}\n"


def test_bare_shows_only_the_sections_headings_and_items(catalog: Catalog) -> None:
    page = parse(html_out.show(narrow(catalog.get("insecure"), ["countertransference"]), Options(bare=True)))
    assert not page.all("h1") and not page.all("header") and not page.all("p", "provenance")
    assert headings(page, "h2") == [
        "Countertransference toward Insecure Client",
        "Countertransference of Insecure Therapist",
    ]
    assert page.one("title").shown() == "Insecure Pattern"


# Several cards


def test_several_cards_are_articles_cut_down_with_the_lacking_note(catalog: Catalog) -> None:
    chosen = [narrow(catalog.get(i), ["subtypes"]) for i in ("insecure", "needy")]
    selection = Selection(tuple(chosen), (catalog.get("victim"),), ("subtypes",))
    page = parse(html_out.cards(selection, Options()))
    assert headings(page, "h1") == ["Insecure Pattern, Needy Pattern"]
    assert [a.attrs["href"] for a in page.one("nav").all("a")] == ["#insecure", "#needy"]
    articles = page.all("article")
    assert [a.attrs["id"] for a in articles] == ["insecure", "needy"]
    assert [a.one("h2").shown() for a in articles] == ["Insecure Pattern", "Needy Pattern"]
    assert [h.words() for a in articles for h in a.all("h3")] == ["Subtypes heading added", "Subtypes"]
    assert page.one("p", "lacking").shown() == "No section matching 'subtypes' in: Victim Pattern"


def test_every_card_is_counted_in_the_title_and_listed(catalog: Catalog) -> None:
    page = parse(html_out.cards(Selection(tuple(catalog.all_cards())), Options()))
    assert page.one("title").shown() == headings(page, "h1")[0] == f"{len(catalog.cards)} patterns"
    assert [a.shown() for a in page.one("nav").all("a")] == [c.name for c in catalog.all_cards()]
    assert headings(page, "h3")[:2] == ["Description", "Dynamics"]  # whole cards keep their groups


def test_several_bare_cards_keep_their_names() -> None:
    page = parse(html_out.cards(Selection((card(), card(id="other", name="Other"))), Options(bare=True)))
    assert not page.all("h1") and not page.all("header") and not page.all("nav")
    assert headings(page, "h2") == ["My Pattern", "Other"]


# Two cards compared


@pytest.fixture
def comparison_page(catalog: Catalog) -> Node:
    return parse(html_out.comparison(compare(catalog.get("insecure"), catalog.get("needy")), Options()))


def test_a_comparison_puts_how_they_differ_first_then_a_row_per_key(comparison_page: Node) -> None:
    assert headings(comparison_page, "h1") == ["Insecure Pattern vs Needy Pattern"]
    h2 = headings(comparison_page, "h2")
    assert h2[0] == "How they differ" and h2[1] == "Description"
    differ = comparison_page.by_id("how-they-differ")
    assert "characterized by the person’s fear of rejection" in differ.words()
    row = comparison_page.by_id("row--behavior")
    assert row.one("h3").shown() == "Interpersonal Behavior"
    cells = row.all("div", "cell")
    assert [c.one("h4").shown() for c in cells] == ["Insecure Pattern", "Needy Pattern"]
    assert cells[0].all("li")[0].shown() == "Withdrawn, self-effacing, easily hurt, shy, tentative"
    assert cells[0].one("span", "mark").shown() == "heading added"
    assert not cells[1].all("span", "mark")
    assert {c.words() for c in comparison_page.all("div", "column-names")} == {
        "Insecure Pattern Needy Pattern"
    }


def test_a_section_left_out_shows_why_where_a_dash_would_be() -> None:
    result = compare(
        HOSTILE_CARD, card(sections=[{"key": "transference", "title": "Transference", "items": ["x"]}])
    )
    page = parse(html_out.comparison(result, Options()))
    assert (
        page.by_id("row--transference").all("div", "cell")[0].one("p", "left-out").shown()
        == f"Left out: {visible(HOSTILE)}"
    )
    assert page.by_id("row--behavior").all("div", "cell")[1].one("p", "absent").shown() == "—"


def test_a_bare_comparison_has_only_the_rows(comparison_page: Node, catalog: Catalog) -> None:
    page = parse(
        html_out.comparison(compare(catalog.get("insecure"), catalog.get("needy")), Options(bare=True))
    )
    assert not page.all("h1") and not page.all(cls="differences") and not page.all("p", "provenance")
    assert headings(page, "h3") == headings(comparison_page, "h3")


# The stylesheet, as package data


def test_the_stylesheet_is_inlined_with_dark_print_and_wrapping_rules(insecure_page: Node) -> None:
    css = insecure_page.one("style").text()
    assert css == html_out.stylesheet()
    for rule in ("prefers-color-scheme: dark", "@media print", "break-before: page", "break-inside: avoid"):
        assert rule in css
    assert "overflow-wrap: anywhere" in css
    assert "monospace" not in css


def test_the_page_allows_no_script(insecure_page: Node) -> None:
    policy = next(
        m for m in insecure_page.all("meta") if m.attrs.get("http-equiv") == "Content-Security-Policy"
    )
    assert policy.attrs["content"].startswith("default-src 'none'; style-src 'sha256-")


# In a real browser

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
]
TIMEOUT = 30.0  # seconds for any one answer from the browser


class Chromium:
    """Headless Chromium driven over the DevTools protocol on a pipe (fds 3 and 4): stdlib only."""

    def __init__(self, executable: str, profile: Path) -> None:
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def child_fds() -> None:
            """The protocol pipe must be fds 3 and 4 in the browser. Copies first, so that neither
            end is overwritten before it is moved; only fds in pass_fds survive the exec."""
            read_end, write_end = os.dup(to_browser_read), os.dup(from_browser_write)
            os.dup2(read_end, 3)
            os.dup2(write_end, 4)

        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=child_fds,  # noqa: PLW1509 -- pytest runs tests on one thread
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self._buffer = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable", session=self.session)

    def _message(self) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while b"\0" not in self._buffer:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_browser], [], [], left)[0]:
                raise TimeoutError("Chromium did not answer")
            chunk = os.read(self._from_browser, 1 << 16)
            if not chunk:
                raise EOFError("Chromium closed the protocol pipe")
            self._buffer += chunk
        raw, _, self._buffer = self._buffer.partition(b"\0")
        message: dict[str, Any] = json.loads(raw)
        return message

    def call(
        self, method: str, params: dict[str, Any] | None = None, session: str | None = None
    ) -> dict[str, Any]:
        self._next_id += 1
        request: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            request["sessionId"] = session
        os.write(self._to_browser, json.dumps(request).encode() + b"\0")
        while True:
            message = self._message()
            if message.get("id") == self._next_id:
                assert "error" not in message, message["error"]
                result: dict[str, Any] = message["result"]
                return result
            self._events.append(message)

    def wait_for(self, event: str) -> None:
        while not any(e.get("method") == event for e in self._events):
            self._events.append(self._message())
        self._events.clear()

    def open(self, url: str, width: int, mobile: bool = False, media: str = "") -> None:
        """Load a page in a window `width` px wide; `media` "print" lays it out as for paper."""
        metrics = {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile}
        self.call("Emulation.setDeviceMetricsOverride", metrics, self.session)
        self.call("Emulation.setEmulatedMedia", {"media": media}, self.session)
        self._events.clear()
        self.call("Page.navigate", {"url": url}, self.session)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str) -> Any:
        found = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, self.session)
        return found["result"]["value"]

    def screenshot(self, path: Path) -> None:
        """The whole page, however tall, as a PNG."""
        import base64

        width, height = self.evaluate("[innerWidth, document.documentElement.scrollHeight]")
        clip = {"x": 0, "y": 0, "width": width, "height": height, "scale": 1}
        shot = self.call(
            "Page.captureScreenshot",
            {"format": "png", "clip": clip, "captureBeyondViewport": True},
            self.session,
        )
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        try:
            self.call("Browser.close")
            self.process.wait(timeout=TIMEOUT)
        except (OSError, TimeoutError, EOFError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait()
        finally:
            os.close(self._to_browser)
            os.close(self._from_browser)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Chromium]:
    executable = next(filter(None, map(shutil.which, CHROMIUM_NAMES)), None)
    if executable is None:
        pytest.skip(
            f"no Chromium found (looked for {', '.join(CHROMIUM_NAMES)}): HTML layout NOT checked in a browser"
        )
    chromium = Chromium(executable, tmp_path_factory.mktemp("chromium-profile"))
    yield chromium
    chromium.close()


LONG_WORD = "Hypervigilance" * 20  # no break anywhere: it must wrap, not widen the page
LONG_CARD = card(
    id="long",
    name=LONG_WORD,
    provenance={
        "kind": "written-for-tool",
        "note": LONG_WORD,
        "sources": [{"title": LONG_WORD, "url": "https://example.org/" + "a" * 300}],
    },
    sections=[
        {"key": "a", "title": LONG_WORD, "items": [LONG_WORD, {"label": LONG_WORD[:80], "text": LONG_WORD}]},
        {"key": "b", "title": "Subtypes", "items": [{"name": LONG_WORD, "text": LONG_WORD}]},
    ],
)
PAGES = ["show-insecure", "compare-insecure-needy", "long-words"]
MEASURE = """({
  page: document.documentElement.scrollWidth,
  view: document.documentElement.clientWidth,
  window: innerWidth,
  font: getComputedStyle(document.body).fontFamily,
  cells: [...document.querySelectorAll('#row--behavior .cell')].map(c => c.getBoundingClientRect().top),
})"""


def page_file(name: str, folder: Path) -> str:
    """The page as a file:// URL: the two named commands' output, or a card of unbreakable words."""
    if name == "long-words":
        page = html_out.show(LONG_CARD, Options())
    elif name == "show-insecure-needy":
        page = run("show", "insecure", "needy", "--format", "html").stdout
    else:
        page = run(*name.split("-", 2), "--format", "html").stdout
    path = folder / f"{name}.html"
    path.write_text(page, encoding="utf-8")
    return path.as_uri()


@pytest.mark.parametrize("width", [400, 800])
@pytest.mark.parametrize("name", PAGES)
def test_pages_are_no_wider_than_a_phone_or_a_small_window(
    browser: Chromium, tmp_path: Path, name: str, width: int
) -> None:
    browser.open(page_file(name, tmp_path), width)
    seen = browser.evaluate(MEASURE)
    assert seen["window"] == width
    # clientWidth: the window less its scrollbar, the width a page may use without scrolling sideways
    assert seen["page"] <= seen["view"] <= width, f"{name} scrolls sideways at {width} px: {seen}"
    assert "monospace" not in seen["font"]
    if name.startswith("compare"):
        left, right = seen["cells"]
        assert (left == right) == (width == 800), "columns on a wide window, stacked on a narrow one"
    shots = os.environ.get("PATTERNCLI_HTML_SHOTS")
    if shots:
        browser.screenshot(Path(shots) / f"{name}-{width}.png")


def test_a_phone_lays_the_page_out_at_its_own_width(browser: Chromium, tmp_path: Path) -> None:
    """Without the viewport meta a phone would lay the page out 980 px wide and shrink it."""
    browser.open(page_file("show-insecure", tmp_path), 400, mobile=True)
    seen = browser.evaluate(MEASURE)
    assert seen["window"] == 400
    assert seen["page"] <= seen["view"] <= 400


PRINTED = """({
  ink: getComputedStyle(document.body).color,
  paper: getComputedStyle(document.body).backgroundColor,
  fills: [...document.querySelectorAll('body *')].map(e => getComputedStyle(e).backgroundColor)
    .filter(c => c !== 'rgba(0, 0, 0, 0)' && c !== 'rgb(255, 255, 255)').length,
  cardBreaks: [...document.querySelectorAll('article.card')].map(a => getComputedStyle(a).breakBefore),
  sectionBreaks: [...new Set([...document.querySelectorAll('.section, .row')].map(s => getComputedStyle(s).breakInside))],
})"""


@pytest.mark.parametrize("name", ["show-insecure-needy", "compare-insecure-needy"])
def test_on_paper_ink_is_black_and_cards_and_sections_keep_together(
    browser: Chromium, tmp_path: Path, name: str
) -> None:
    browser.open(page_file(name, tmp_path), 700, media="print")
    printed = browser.evaluate(PRINTED)
    assert (printed["ink"], printed["paper"]) == ("rgb(0, 0, 0)", "rgb(255, 255, 255)")
    assert printed["fills"] == 0, "a coloured background would waste ink"
    assert printed["sectionBreaks"] == ["avoid"]
    if name.startswith("show"):
        assert printed["cardBreaks"] == ["auto", "page"], "each card after the first starts a page"


def test_a_stand_in_is_said_in_words_on_the_match_page_as_in_the_terminal() -> None:
    """QA: a word standing in for the one typed was only pink, its "for 'hesitant'" a tooltip, which
    no phone and no printout shows; plain output says it after the line."""
    page = parse(run("match", "shy and hesitant", "-f", "html").stdout)
    plain = run("match", "shy and hesitant", "-f", "plain").stdout
    said = [node.words() for node in page.all("span", cls="stand-in-note")]
    assert said
    assert all(note.strip("()") in " ".join(plain.split()) for note in said)
    assert "(“tentative” for “hesitant”)" in said

"""The first screen: a search box, the results as one types, and a preview of the selected one.

Two modes share it. Search (the default) is `pattern search` on every key. Match (`m`) is
`pattern match`: each line typed is a trait (Enter adds it, Backspace in the empty box takes the
last one back), and the results are patterns; `f` there switches to `pattern match --felt` (the
traits are the therapist's own reactions) and back.

Focus is either in the box, where every printable key is typed, or in the results, where the
letters are commands (`c`, `m`, `q`, `?`, `/`). Down in the box moves into the results, Up on the
first result and Escape move back.

Each search loads the card path again (see library.py) in a worker thread, so typing never waits
for a large library; a newer key press cancels an older search, and a cancelled search's results
are never shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Container, Vertical
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.worker import get_current_worker

from ...errors import NotFound, UsageProblem, shortened
from ...views import HYPOTHESES, NO_CARD_ACCOUNTS, SEARCH_RISK, beside_risk_note, risk_lines
from ..library import Library, load_library
from ..text import shown
from ..widgets.hit_list import HitList, Target, plural
from ..widgets.preview import SectionPreview
from ..widgets.search_box import SearchBox

if TYPE_CHECKING:
    from ...compare import Comparison
    from ...model import Card
    from ...search import Hit
    from ...search.match import PatternMatch

SEARCH, MATCH = "search", "match"
RISK = "bold #ffffff on #b00000"  # a banner: bold red alone was 4.5:1, and with NO_COLOR a dark grey (1.7:1)
NARROW_BELOW = 100  # columns; narrower terminals get the preview under the results, as `compare` stacks
SEARCH_TITLE = "Search every line, section and name"
MATCH_TITLE = "Match: describe one trait, Enter adds it"
FELT_TITLE = "Match what you feel: one reaction, Enter adds it"
# Lines of a paste taken as traits: a page of notes would be matched again at every key (1,000
# traits take seconds), and no list of patterns is read well against more.
MOST_PASTED_TRAITS = 20
TRAITS_SHOWN = 3  # the traits listed above the results; the earlier ones are counted
SEARCH_PLACEHOLDER = "Type a few words (F1: the keys)"
MATCH_PLACEHOLDER = "What you observe, e.g. freezes when asked to present (Down, then f: what you feel)"
FELT_PLACEHOLDER = "What you feel, e.g. I keep reassuring her (Down, then f: what you observe)"


@dataclass
class Found:
    """What a search found, for the screen to draw (cards: nothing was typed)."""

    cards: Sequence[Card] = ()
    hits: Sequence[Hit] = ()
    matches: Sequence[PatternMatch] = ()
    unaccounted: tuple[str, ...] = ()  # traits no card accounts for
    problem: str = ""  # a query with no word in it, and the like
    query: str = ""
    traits: tuple[str, ...] = ()
    risk: tuple[str, ...] = ()  # what speaks of a risk: the traits, or the query's phrases
    beside_risk: tuple[tuple[str, str], ...] = ()  # (trait, what its match leaves out) of risk traits


def left_out(trait: str) -> str | None:
    """Why a trait has nothing to match in it (`and`, `I feel`), as `pattern match` says it; None
    when it has a word to match."""
    from ...search.match import why_left_out

    return why_left_out(trait)


def look_up(library: Library, mode: str, query: str, traits: tuple[str, ...], felt: bool = False) -> Found:
    """The results for what is typed: every card for nothing, lines for a query, patterns for traits
    (the therapist's own reactions if `felt`)."""
    try:
        if mode == MATCH:
            wanted = tuple(t for t in (*traits, query) if t.strip() and not left_out(t))
            if wanted:
                from ...search.match import beside_risk

                report = library.match(wanted, felt)
                return Found(
                    matches=report.matches,
                    unaccounted=report.unmatched,
                    query=query,
                    traits=wanted,
                    risk=report.risk,
                    # As `pattern match` says it (review: browse dropped the rest without a word).
                    beside_risk=tuple((t, rest) for t in wanted if (rest := beside_risk(t))),
                )
        elif query.strip():
            return Found(hits=library.search(query), query=query, risk=tuple(library.risk_in(query)))
    except (UsageProblem, NotFound) as err:  # no word in the query; words search cannot read
        return Found(problem=str(err), query=query)
    return Found(cards=[library.card(card_id) for card_id in library.ids()], query=query)


class SearchScreen(Screen[None]):
    CSS_PATH = "search.tcss"
    AUTO_FOCUS = "SearchBox"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "into_results", "Results", show=False),
        Binding("tab", "next_section", "Section"),
        Binding("shift+tab", "previous_section", "Previous section", show=False),
        Binding("escape", "back", "Back"),
        Binding("c", "compare", "Compare"),
        Binding("m", "toggle_mode", "Match mode"),
        Binding("f", "toggle_felt", "Felt"),
        Binding("slash", "to_box", "Search box", show=False),
    ]

    def __init__(self, library: Library) -> None:
        super().__init__()
        self.library = library
        self.mode = SEARCH
        self.felt = False  # in match mode: the traits are the therapist's own reactions
        self.traits: list[str] = []
        self.status_instead: Text | None = None  # said in the status line once the next results are drawn
        self.previewed: Target | None = None  # what the preview shows: Enter opens it

    def compose(self) -> ComposeResult:
        with Vertical(id="top"):
            yield SearchBox(placeholder=SEARCH_PLACEHOLDER, id="query")
            yield Static(id="traits")
            yield Static(id="status")
        with Container(id="results"):
            yield HitList(id="hits")
            yield SectionPreview(id="preview")
        yield Footer()

    def on_mount(self) -> None:
        self.box.border_title = SEARCH_TITLE
        self.show_found(self.library, look_up(self.library, SEARCH, "", ()))

    # The parts ---------------------------------------------------------------

    @property
    def box(self) -> SearchBox:
        return self.query_one(SearchBox)

    @property
    def hits(self) -> HitList:
        return self.query_one(HitList)

    @property
    def preview(self) -> SectionPreview:
        return self.query_one(SectionPreview)

    def typing(self) -> bool:
        return isinstance(self.focused, Input)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Letters are typed in the box: their commands are off (and out of the footer) there."""
        if action in {"compare", "toggle_mode", "to_box"}:
            return not self.typing()
        if action == "toggle_felt":
            return self.mode == MATCH and not self.typing()
        return True

    # Searching ---------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.search()

    def search(self) -> None:
        self.find(self.mode, self.box.value, tuple(self.traits), self.felt)

    @work(thread=True, exclusive=True, group="results")
    def find(self, mode: str, query: str, traits: tuple[str, ...], felt: bool) -> None:
        library = load_library()  # again for every search: an edited card shows at the next key
        found = look_up(library, mode, query, traits, felt)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_found, library, found)

    def show_found(self, library: Library, found: Found) -> None:
        self.library = library
        if found.matches:
            self.hits.show_matches(found.matches)
        elif found.hits:
            self.hits.show_hits(found.hits)
        elif found.cards:
            self.hits.show_cards(found.cards)
        else:
            self.hits.show([])
        self.status.update(self.status_instead or status_line(self.mode, found))
        self.status_instead = None
        self.show_traits()
        self.preview_result()

    @property
    def status(self) -> Static:
        return self.query_one("#status", Static)

    def show_traits(self) -> None:
        traits = self.query_one("#traits", Static)
        traits.display = self.mode == MATCH and bool(self.traits)
        # The last few only: the results below must keep their room however many traits there are.
        earlier = max(0, len(self.traits) - TRAITS_SHOWN)
        lines = [shown(f"{n}. {trait}", "italic") for n, trait in enumerate(self.traits, 1)][earlier:]
        if earlier:
            lines.insert(
                0, shown(f"({earlier} earlier {plural(earlier, 'trait')}; Backspace takes the last back)")
            )
        traits.update(Text("\n").join(lines))

    # The preview -------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.preview_result()

    def preview_result(self) -> None:
        target = self.hits.target
        if target is None:
            self.previewed = None
            self.preview.show_message(empty_preview(self.mode))
            return
        self.show_in_preview(target)

    def show_in_preview(self, target: Target) -> None:
        card = self.library.card(target.pattern)
        section = card.section(target.section) if target.section else None
        self.previewed = target
        self.preview.show(card, section)

    def action_next_section(self) -> None:
        self.step_section(1)

    def action_previous_section(self) -> None:
        self.step_section(-1)

    def step_section(self, step: int) -> None:
        """Tab: the preview shows the next section of the same card (Enter opens the card there)."""
        if self.previewed is None:
            return
        keys = [s.key for s in self.library.card(self.previewed.pattern).sections]
        if not keys:
            return
        now = keys.index(self.previewed.section) if self.previewed.section in keys else -1
        if now < 0 and step < 0:
            now = 0  # from the card's top, Shift+Tab goes to its last section
        self.show_in_preview(Target(self.previewed.pattern, keys[(now + step) % len(keys)]))

    def on_resize(self, event: Resize) -> None:
        self.set_class(event.size.width < NARROW_BELOW, "narrow")
        if self.previewed is not None:
            self.call_after_refresh(self.show_in_preview, self.previewed)  # lay it out at its new width

    # Moving and opening ------------------------------------------------------

    def action_into_results(self) -> None:
        if self.hits.option_count:
            self.hits.focus()
            self.hits.action_cursor_down()

    def on_hit_list_reached_top(self, event: HitList.ReachedTop) -> None:
        event.stop()
        self.box.focus()

    def action_to_box(self) -> None:
        self.box.focus()

    def action_back(self) -> None:
        """Escape: from the results to the box; in the box, clear it; in an empty box, leave match mode."""
        if not self.typing():
            self.box.focus()
        elif self.box.value:
            self.box.value = ""
        elif self.mode == MATCH:
            self.action_toggle_mode()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.mode == MATCH and event.value.strip():
            why = left_out(event.value)
            if why is not None:  # kept in the box, to be put in other words
                self.status.update(shown(f"{shortened(event.value.strip())} is left out: {why}", "italic"))
                return
            self.traits.append(" ".join(event.value.split()))
            self.box.value = ""  # the change searches again, with the new trait among the others
            return
        self.open_previewed()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open_previewed()

    def open_previewed(self) -> None:
        """The card in the reader, at the section the preview shows."""
        if self.previewed is None:
            return
        from .reader import ReaderScreen

        card = self.library.card(self.previewed.pattern)
        self.app.push_screen(ReaderScreen(self.library, card, self.previewed.section), self.back_from_reader)

    def back_from_reader(self, _result: None) -> None:
        """Escape in the reader comes back to the results, to choose another."""
        if self.hits.target is not None:
            self.hits.focus()

    def on_search_box_pasted_lines(self, event: SearchBox.PastedLines) -> None:
        """Lines pasted: in match mode a trait each, up to MOST_PASTED_TRAITS (those with nothing to
        match are left out and counted, as when typed); in search mode one query of them all."""
        event.stop()
        if self.mode != MATCH:
            self.box.put(" ".join(event.lines))  # review: the selection stayed, the paste beside it
            return
        lines = event.lines[:MOST_PASTED_TRAITS]
        left = [(line, why) for line in lines if (why := left_out(line)) is not None]
        self.traits += [line for line in lines if left_out(line) is None]
        said = []
        if left:
            line, why = left[0]
            others = f" and {len(left) - 1} more" if len(left) > 1 else ""
            said.append(f"{shortened(line)}{others} left out: {why}")
        if len(event.lines) > MOST_PASTED_TRAITS:
            said.append(f"only the first {MOST_PASTED_TRAITS} lines pasted were taken")
        if said:  # said once the results are drawn, in place of the line they bring
            self.status_instead = shown("; ".join(said), "italic")
        self.search()

    def on_search_box_empty_backspace(self, event: SearchBox.EmptyBackspace) -> None:
        event.stop()
        if self.mode == MATCH and self.traits:
            self.traits.pop()
            self.search()

    # Modes and comparing -----------------------------------------------------

    def action_toggle_mode(self) -> None:
        self.mode = MATCH if self.mode == SEARCH else SEARCH
        self.felt = False  # match mode starts from what is observed, as `pattern match` does
        self.show_mode()

    def action_toggle_felt(self) -> None:
        """`f` in match mode: the traits are the therapist's own reactions (`--felt`), and back."""
        self.felt = not self.felt
        self.show_mode()

    def show_mode(self) -> None:
        if self.mode == MATCH:
            self.box.border_title = FELT_TITLE if self.felt else MATCH_TITLE
            self.box.placeholder = FELT_PLACEHOLDER if self.felt else MATCH_PLACEHOLDER
        else:
            self.box.border_title, self.box.placeholder = SEARCH_TITLE, SEARCH_PLACEHOLDER
        self.set_class(self.mode == MATCH, "match")
        self.refresh_bindings()
        self.box.focus()
        self.search()

    def action_compare(self) -> None:
        target = self.hits.target
        if target is None:
            self.notify("Choose a pattern first: compare starts from the selected result.")
            return
        open_comparison(self, self.library, self.library.card(target.pattern))


def open_comparison(screen: Screen[Any], library: Library, left: Card) -> None:
    """`c`: ask for the other pattern, then show the two side by side."""
    from .compare import ComparePrompt, CompareScreen

    def show(comparison: Comparison | None) -> None:
        if comparison is not None:
            screen.app.push_screen(CompareScreen(comparison))

    screen.app.push_screen(ComparePrompt(library, left), show)


def status_line(mode: str, found: Found) -> Text:
    """What the results are, under the search box; a risk comes first, as in `pattern match` and
    `pattern search` (QA: browse said nothing of it)."""
    said = status_of(mode, found)
    if not found.risk:
        return said
    if found.traits:
        risk = Text("\n").join(
            [
                *(shown(line, RISK) for line in risk_lines(found.risk)),
                *(shown(beside_risk_note(f"“{t}”", f"“{rest}”"), "italic") for t, rest in found.beside_risk),
            ]
        )
    else:
        risk = shown(f"{', '.join(map(shortened, found.risk))} {SEARCH_RISK}", RISK)
    return Text("\n").join([risk, said])


def status_of(mode: str, found: Found) -> Text:
    if found.problem:
        return shown(found.problem, "italic")
    if found.traits:  # as `pattern match` says it: what the list is, and what none of it explains
        status = shown(HYPOTHESES if found.matches else "No pattern accounts for these traits", "italic")
        if found.unaccounted:
            status.append_text(shown(f"\n{NO_CARD_ACCOUNTS}: {'; '.join(found.unaccounted)}"))
        return status
    if found.hits:
        patterns = len({hit.line.pattern for hit in found.hits})
        lines = len(found.hits)
        return shown(
            f"{lines} {plural(lines, 'line')} in {patterns} {plural(patterns, 'pattern')}, best first"
        )
    if found.cards:
        n = len(found.cards)
        lead = "Describe a trait" if mode == MATCH else "Type to search"
        return shown(f"{n} {plural(n, 'pattern')} · {lead}, or choose one to read")
    return shown(f"Nothing matches {found.query!r}", "italic")


def empty_preview(mode: str) -> str:
    if mode == MATCH:
        return "No pattern accounts for these traits. Describe them in other words."
    return "Nothing to preview: no line matches. Try fewer words, or other ones."

"""Every option and argument that more than one command takes, defined once."""

from __future__ import annotations

from typing import Annotated

import typer

from ..errors import UsageProblem
from ..render import Format, parse_format
from .completion import complete_pattern, complete_section

FORMAT_HELP = "Output format: {}. Default: rich on a terminal, plain when piped."


def _format(value: str | None, offered: tuple[Format, ...]) -> Format | None:
    """--format in any case, or a short name (md); anything else is a usage error, as Typer's are,
    naming the formats `offered`."""
    if value is None:
        return None
    try:
        return parse_format(value, offered)
    except UsageProblem as err:
        raise typer.BadParameter(str(err)) from None


def as_format(value: str | None) -> Format | None:
    """The value a --format option holds once its callback ran (a Format), typed as one."""
    return None if value is None else parse_format(value)


def format_option(*formats: Format) -> object:
    """The --format option of a command that draws these formats."""
    names = ", ".join(f.value for f in formats)

    def complete_format(incomplete: str) -> list[str]:
        return [f.value for f in formats if f.value.startswith(incomplete)]  # as typed, as ids are

    return typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help=FORMAT_HELP.format(names),
        callback=lambda value: _format(value, formats),
        show_default=False,
        autocompletion=complete_format,
    )


TEXT_FORMATS = (Format.rich, Format.plain, Format.markdown, Format.json)
PAGE_FORMATS = (*TEXT_FORMATS, Format.html)
MAP_FORMATS = (Format.rich, Format.plain, Format.markdown, Format.json, Format.mermaid, Format.dot)

TextFormat = Annotated[str | None, format_option(*TEXT_FORMATS)]
PageFormat = Annotated[str | None, format_option(*PAGE_FORMATS)]
MapFormat = Annotated[str | None, format_option(*MAP_FORMATS)]

NoPager = Annotated[
    bool, typer.Option("--no-pager", help="Print straight to the terminal, never through $PAGER.")
]
Bare = Annotated[
    bool,
    typer.Option(
        "--bare", help="Only the sections' headings and items: no title, provenance or differences."
    ),
]
Sections = Annotated[
    list[str] | None,
    typer.Option(
        "--section",
        "-s",
        metavar="SECTION",
        help='Only sections matching this key, title, alias, phase ("phase 2") or group; repeatable.',
        autocompletion=complete_section,
        show_default=False,
    ),
]
Pattern = Annotated[
    str,
    typer.Argument(
        metavar="PATTERN",
        help="Pattern id, name or alias, in any case.",
        show_default=False,
        autocompletion=complete_pattern,
    ),
]


def optional_pattern(help_text: str) -> object:
    """A command's one optional PATTERN argument (`map [PATTERN]`, `browse [PATTERN]`)."""
    return typer.Argument(
        metavar="[PATTERN]", help=help_text, autocompletion=complete_pattern, show_default=False
    )


PatternFilter = Annotated[
    list[str] | None,
    typer.Option(
        "--pattern",
        "-p",
        metavar="PATTERN",
        help="Only these patterns; repeatable.",
        autocompletion=complete_pattern,
        show_default=False,
    ),
]
Limit = Annotated[int, typer.Option("--limit", "-n", metavar="N", help="Show at most N results.")]
Force = Annotated[bool, typer.Option("--force", help="Write even where files or cards would be replaced.")]

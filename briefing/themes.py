"""Themes: YAML files that colour the reading room, validated and turned into Textual themes.

A theme file names Textual's base colours and the brief's own semantic colours (event statuses,
question states, statement kinds, an eight-colour palette for actor groups), plus optional text
styles and symbols so that meaning survives without colour (`monochrome`, `NO_COLOR`). Themes come
from the bundled folder and the user's folder; a user file overrides a bundled one of the same
name. A broken file never stops anything: its errors are collected, each with file:line:col, and
the default theme is used instead.

Importing this module stays light (no Textual): `textual.color` is imported only when colours are
checked and `textual.theme` only when a Textual theme is built.
"""

from __future__ import annotations

import os
import re
import typing
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TypeVar

import msgspec

from briefing import locations
from briefing.cache import StructCache
from briefing.describe import GROUP_SLOTS, group_slot
from briefing.errors import BriefError
from briefing.files import NotRegularFile, TooLarge, read_limited
from briefing.loader import content_digest, locate
from briefing.text import clean_line

if TYPE_CHECKING:
    import argparse

    from textual.theme import Theme

    from briefing.checks import Target
    from briefing.yamlread import Document

DEFAULT_THEME = "briefing-dark"
MONOCHROME_THEME = "monochrome"
GROUP_COUNT = GROUP_SLOTS
MAX_THEME_BYTES = 1_000_000
THEME_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")

BASE_COLOURS = (
    "primary",
    "secondary",
    "accent",
    "background",
    "surface",
    "panel",
    "foreground",
    "warning",
    "error",
    "success",
)
STATUS_VARIABLES = tuple(
    f"status-{status}" for status in ("reported", "confirmed", "denied", "disputed", "unverified")
)
QUESTION_VARIABLES = tuple(f"question-{status}" for status in ("open", "answered", "moot"))
KIND_VARIABLES = tuple(f"kind-{kind}" for kind in ("quote", "paraphrase", "declined"))
SEMANTIC_VARIABLES = STATUS_VARIABLES + QUESTION_VARIABLES + KIND_VARIABLES
GROUP_VARIABLES = tuple(f"group-{index}" for index in range(GROUP_COUNT))
STYLED_VARIABLES = SEMANTIC_VARIABLES + GROUP_VARIABLES
TEXT_STYLES = frozenset({"none", "bold", "dim", "italic", "underline", "reverse", "strike"})

DEFAULT_SYMBOLS: dict[str, str] = {
    "status-reported": "○",
    "status-confirmed": "✔",
    "status-denied": "✘",
    "status-disputed": "⇄",
    "status-unverified": "?",
    "question-open": "?",
    "question-answered": "✔",
    "question-moot": "–",
    "kind-quote": "“",
    "kind-paraphrase": "≈",
    "kind-declined": "∅",
}

Source = Literal["bundled", "user"]
T = TypeVar("T")


class Colours(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Textual's base colours; Textual derives its shades ($primary-darken-1, ...) from these."""

    primary: str
    secondary: str
    accent: str
    background: str
    surface: str
    panel: str
    foreground: str
    warning: str
    error: str
    success: str


class Semantic(msgspec.Struct, forbid_unknown_fields=True, frozen=True, rename="kebab"):
    """The brief's own colours, one per meaning; the app's stylesheet reads them as `$status-denied`..."""

    status_reported: str
    status_confirmed: str
    status_denied: str
    status_disputed: str
    status_unverified: str
    question_open: str
    question_answered: str
    question_moot: str
    kind_quote: str
    kind_paraphrase: str
    kind_declined: str


class ThemeFile(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """What a theme file holds, key for key."""

    dark: bool
    colours: Colours
    semantic: Semantic
    groups: list[str]
    name: str | None = None
    description: str = ""
    styles: dict[str, str] = {}
    symbols: dict[str, str] = {}


class BriefingTheme(msgspec.Struct, frozen=True):
    """A theme that loaded and validated, with where it came from."""

    name: str
    source: Source
    path: Path
    file: ThemeFile

    @property
    def colours(self) -> dict[str, str]:
        """Every colour of the theme by its variable name: base, semantic and group colours."""
        base = msgspec.structs.asdict(self.file.colours)
        semantic = dict(zip(SEMANTIC_VARIABLES, msgspec.structs.astuple(self.file.semantic), strict=True))
        groups = dict(zip(GROUP_VARIABLES, self.file.groups, strict=True))
        return base | semantic | groups

    @property
    def variables(self) -> dict[str, str]:
        """Theme variables for Textual: semantic and group colours, and a `-style` for each of them."""
        colours = self.colours
        styles = {f"{name}-style": self.file.styles.get(name, "none") for name in STYLED_VARIABLES}
        return {name: colours[name] for name in STYLED_VARIABLES} | styles

    @property
    def symbols(self) -> dict[str, str]:
        """The symbol shown next to each status, question state and statement kind."""
        return DEFAULT_SYMBOLS | self.file.symbols

    def style(self, variable: str) -> str:
        """The text style (`bold underline`, or `none`) for one semantic or group variable."""
        return self.file.styles.get(variable, "none")


class ThemeEntry(msgspec.Struct, frozen=True):
    """One theme file found on disk, loaded or not, for `briefing themes`."""

    name: str
    source: Source
    path: Path
    theme: BriefingTheme | None
    errors: list[BriefError]
    overridden: bool = False


class ThemeCatalogue(msgspec.Struct):
    """All themes found: the usable ones by name, every file for listing, every error once."""

    themes: dict[str, BriefingTheme] = {}
    entries: list[ThemeEntry] = []
    errors: list[BriefError] = []

    def pick(self, name: str) -> tuple[BriefingTheme, str | None]:
        """The theme called `name`, or the default one and a sentence saying why it was not used."""
        theme = self.themes.get(name)
        if theme is not None:
            return theme, None
        broken = any(entry.name == name and entry.errors for entry in self.entries)
        reason = "does not load (see the error above)" if broken else "is not known"
        known = ", ".join(sorted(self.themes))
        return (
            self.themes[DEFAULT_THEME],
            f"theme {name!r} {reason}; using {DEFAULT_THEME!r}. Available: {known}",
        )

    def textual_themes(self) -> list[Theme]:
        """Every usable theme as a Textual `Theme`, ready for `App.register_theme`."""
        return [to_textual_theme(theme) for theme in self.themes.values()]

    def default_variables(self) -> dict[str, str]:
        """The default theme's variables, for `App.get_theme_variable_defaults`."""
        return self.themes[DEFAULT_THEME].variables


# --- YAML with positions ---------------------------------------------------------------------------

_PATH_PART = re.compile(r"\.([^.\[]+)|\[(\d+|\.\.\.)\]")
_MSGSPEC_AT = re.compile(r"^(?P<what>.*?)(?: - at `\$(?P<path>[^`]*)`)?$")
_FIELD = re.compile(r"field `(?P<name>[^`]*)`")
_EXPECTED = re.compile(r"Expected `([^`]*)`")
_TYPE_WORDS = {
    "str": "text",
    "bool": "true or false",
    "array": "a list",
    "object": "a mapping",
    "int": "a number",
}


def _read_bytes(path: Path, max_bytes: int = MAX_THEME_BYTES) -> bytes | BriefError:
    """The file's bytes, or the error that says why they are not read: a pipe, a device or an
    oversized file is refused before reading (it would hang, never end or exhaust memory)."""
    try:
        return read_limited(path, max_bytes)
    except NotRegularFile as error:
        return BriefError(str(path), 1, 1, f"this is {error.kind}, not a plain file; it was not read")
    except TooLarge as error:
        return _too_large(path, error.size, max_bytes)
    except OSError as error:
        return BriefError(str(path), 1, 1, f"cannot read the file: {error.strerror or error}")


def _too_large(path: Path, size: int, max_bytes: int) -> BriefError:
    message = f"the file is {size:,} bytes, more than the limit of {max_bytes:,} bytes"
    return BriefError(str(path), 1, 1, message)


class YamlDocument:
    """A small typed YAML file (a theme, the config) read with the brief reader's rules and marks,
    so that every mistake can be pinned to file:line:col."""

    def __init__(self, path: Path, text: str, document: Document) -> None:
        self.path = path
        self.text = text
        self.document = document

    @property
    def data(self) -> Any:
        """The plain data: dicts, lists, text, numbers, booleans (YAML 1.2 core schema)."""
        return self.document.data

    @classmethod
    def read(cls, path: Path, *, max_bytes: int = MAX_THEME_BYTES) -> YamlDocument | BriefError:
        """Read and parse `path`; a missing, unreadable, oversized or malformed file is an error value."""
        raw = _read_bytes(path, max_bytes)
        if isinstance(raw, BriefError):
            return raw
        return cls.from_bytes(path, raw, max_bytes=max_bytes)

    @classmethod
    def from_bytes(
        cls, path: Path, raw: bytes, *, max_bytes: int = MAX_THEME_BYTES
    ) -> YamlDocument | BriefError:
        """Parse the bytes `raw` of the file `path`; oversized or malformed bytes are an error value."""
        if len(raw) > max_bytes:
            return _too_large(path, len(raw), max_bytes)
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            return BriefError(str(path), 1, 1, f"the file is not UTF-8 text (byte {error.start})")
        return cls.parse(path, text)

    @classmethod
    def parse(cls, path: Path, text: str) -> YamlDocument | BriefError:
        """Parse `text` (the contents of `path`), recording where every key and value stands."""
        # PyYAML is imported only when a file must be parsed: cached themes never need it.
        import yaml

        from briefing.yamlread import YamlProblem, read_document, syntax_position

        try:
            document = read_document(text)
        except YamlProblem as problem:
            return BriefError(str(path), *problem.position, problem.message)
        except yaml.YAMLError as error:
            message, position = syntax_position(error, text)
            return BriefError(str(path), *position, message)
        except RecursionError:
            return BriefError(str(path), 1, 1, "the file is nested too deeply")
        return cls(path, text, document)

    def error(self, message: str, *parts: str | int, target: Target = "value") -> BriefError:
        """An error pointing at the value, key or mapping found at `parts`."""
        from briefing.checks import Problem  # only for a file with errors (themes are cached)

        ((line, column),) = locate(self.text, [Problem(parts, message, target)])
        return BriefError(str(self.path), line, column, message)

    def convert(self, kind: type[T], what: str) -> T | BriefError:
        """The data as `kind` (a msgspec Struct), or one error in words about `what` the file is."""
        from briefing.checks import describe

        if not isinstance(self.data, dict):
            return self.error(f"a {what} must be a mapping of keys to values, not {describe(self.data)}")
        try:
            return msgspec.convert(self.data, kind, strict=True)
        except msgspec.ValidationError as problem:
            return self._explain(str(problem), kind)

    def _explain(self, message: str, kind: type) -> BriefError:
        """msgspec's message, reworded for a person and pinned to the key or value it is about."""
        match = _MSGSPEC_AT.match(message)
        what = match.group("what") if match else message
        parts = self._pin_mapping_value(_split_path(match.group("path") if match else None), kind)
        field_match = _FIELD.search(what)
        field_name = field_match.group("name") if field_match else ""
        label = ".".join(str(part) for part in parts)
        where = f" in '{label}'" if parts else ""
        if what.startswith("Object contains unknown field"):
            allowed = _allowed_keys(kind, parts)
            hint = f" (expected one of: {', '.join(allowed)})" if allowed else ""
            return self.error(f"unknown key '{field_name}'{where}{hint}", *parts, field_name, target="key")
        if what.startswith("Object missing required field"):
            return self.error(f"missing key '{field_name}'{where}", *parts, target="mapping")
        value = self._value(parts)
        expected = _EXPECTED.search(what)
        wanted = " or ".join(
            _TYPE_WORDS.get(name.strip(), name.strip())
            for name in (expected.group(1) if expected else "").split("|")
        )
        from briefing.checks import describe

        text = f"'{label}' must be {wanted or 'something else'}, not {describe(value)}"
        if value is None and "#" in self._line(parts):
            text += " (quote colours: an unquoted '#' starts a YAML comment, write '#rrggbb')"
        return self.error(text, *parts)

    def _pin_mapping_value(self, parts: list[str | int], kind: type) -> list[str | int]:
        """msgspec says `keys[...]` for a bad value in a mapping: find which key holds it."""
        if "..." not in parts:
            return parts
        prefix = parts[: parts.index("...")]
        value_type = _type_at(kind, [*prefix, "..."])
        for key, value in self._value(prefix).items():
            try:
                msgspec.convert(value, value_type, strict=True)
            except msgspec.ValidationError:
                return [*prefix, key]
        return prefix

    def _value(self, parts: list[str | int]) -> Any:
        """The plain value at `parts`."""
        value = self.data
        for part in parts:
            value = value[part]
        return value

    def _line(self, parts: list[str | int]) -> str:
        """The source line of the value at `parts`: to see whether a colour became a comment."""
        from briefing.checks import Problem

        ((line, _),) = locate(self.text, [Problem(tuple(parts), "", "value")])
        lines = self.text.splitlines()
        return lines[line - 1] if line <= len(lines) else ""


def _split_path(path: str | None) -> list[str | int]:
    """msgspec's error path (`.colours.primary`, `.groups[3]`, `.keys[...]`) as keys and indexes;
    `[...]` (a value somewhere in a mapping) stays as the marker `...`."""
    if not path:
        return []
    return [int(index) if index.isdigit() else (index or name) for name, index in _PATH_PART.findall(path)]


def _type_at(kind: Any, parts: list[str | int]) -> Any:
    """The declared type of the value at `parts` inside the Struct `kind`, or None."""
    current = kind
    for part in parts:
        origin = typing.get_origin(current)
        if isinstance(current, type) and issubclass(current, msgspec.Struct) and isinstance(part, str):
            current = {info.encode_name: info.type for info in msgspec.structs.fields(current)}.get(part)
        elif origin is dict:
            current = typing.get_args(current)[1]
        elif origin is list:
            current = typing.get_args(current)[0]
        else:
            return None
    return current


def _allowed_keys(kind: type, parts: list[str | int]) -> list[str]:
    """The keys a Struct accepts at `parts`, to suggest them after an unknown key."""
    current = _type_at(kind, parts)
    if not (isinstance(current, type) and issubclass(current, msgspec.Struct)):
        return []
    return [info.encode_name for info in msgspec.structs.fields(current)]


# --- loading ------------------------------------------------------------------------------------


def load_theme(
    path: Path, source: Source, cache: StructCache[ThemeFile] | None = None
) -> BriefingTheme | list[BriefError]:
    """One theme file, fully checked: structure, every colour, the group palette, styles, symbols.

    With a `cache`, a file (name and bytes) that checked out before is not parsed or checked
    again: the reader's start-up then needs neither PyYAML nor the checks (≈20 ms, issue 7)."""
    raw = _read_bytes(path)
    if isinstance(raw, BriefError):
        return [raw]
    key = content_digest(path.name.encode("utf-8", "surrogateescape") + b"\0" + raw)  # name and bytes
    if cache is not None and (cached := cache.get(key)) is not None:
        return BriefingTheme(name=path.stem, source=source, path=path, file=cached)
    document = YamlDocument.from_bytes(path, raw)
    if isinstance(document, BriefError):
        return [document]
    theme_file = document.convert(ThemeFile, "theme")
    if isinstance(theme_file, BriefError):
        return [theme_file]
    errors = list(_check_theme(document, theme_file, path.stem))
    if errors:
        return errors
    if cache is not None:
        cache.put(key, theme_file)
    return BriefingTheme(name=path.stem, source=source, path=path, file=theme_file)


def _check_theme(document: YamlDocument, theme: ThemeFile, stem: str) -> Iterator[BriefError]:
    """What the types alone cannot say: colours parse, eight groups, known style words and keys."""
    if not THEME_NAME.fullmatch(stem):
        yield document.error(
            f"the file name '{clean_line(stem)}' cannot name a theme: use letters, digits, '.', '_' and '-'"
        )
    if theme.name is not None and theme.name != stem:
        yield document.error(f"name '{theme.name}' differs from the file name '{stem}'", "name")
    colour_values: list[tuple[tuple[str | int, ...], str]] = [
        (("colours", name), value) for name, value in msgspec.structs.asdict(theme.colours).items()
    ]
    colour_values += [
        (("semantic", name), value)
        for name, value in zip(SEMANTIC_VARIABLES, msgspec.structs.astuple(theme.semantic), strict=True)
    ]
    colour_values += [(("groups", index), value) for index, value in enumerate(theme.groups)]
    for parts, value in colour_values:
        if not _is_colour(value):
            label = ".".join(str(part) for part in parts)
            yield document.error(
                f"'{label}': {value!r} is not a colour (use '#rrggbb', 'rgb(r,g,b)' or a colour name)", *parts
            )
    if len(theme.groups) != GROUP_COUNT:
        yield document.error(
            f"'groups' must list exactly {GROUP_COUNT} colours, not {len(theme.groups)}", "groups"
        )
    for table, allowed in (("styles", STYLED_VARIABLES), ("symbols", tuple(DEFAULT_SYMBOLS))):
        for name in getattr(theme, table):
            if name not in allowed:
                yield document.error(
                    f"unknown key '{name}' in '{table}' (expected one of: {', '.join(allowed)})",
                    table,
                    name,
                    target="key",
                )
    for name, style in theme.styles.items():
        words = style.split()
        unknown = [word for word in words if word not in TEXT_STYLES]
        if unknown or not words:
            yield document.error(
                f"'styles.{name}': {style!r} is not a text style "
                f"(use words from: {', '.join(sorted(TEXT_STYLES))})",
                "styles",
                name,
            )
    for name, symbol in theme.symbols.items():
        if not symbol or clean_line(symbol) != symbol or len(symbol) > 2:
            yield document.error(f"'symbols.{name}': use one or two visible characters", "symbols", name)


def _is_colour(value: str) -> bool:
    """A colour Textual can use. Its parser also takes `#ff0000\\n` (a `$` that matches before a
    final newline): a colour is printable, first of all."""
    from textual.color import Color, ColorParseError

    if not value.isprintable():
        return False
    try:
        Color.parse(value)
    except ColorParseError:
        return False
    return True


def _theme_files(folder: Path) -> list[Path]:
    """The `*.yaml` / `*.yml` files of a folder, in name order; a missing folder has none."""
    try:
        return sorted(
            path for path in folder.iterdir() if path.suffix in (".yaml", ".yml") and path.is_file()
        )
    except OSError:
        return []


def load_catalogue(
    env: Mapping[str, str] = os.environ, *, bundled_dir: Path | None = None, user_dir: Path | None = None
) -> ThemeCatalogue:
    """Every bundled and user theme; a user theme overrides the bundled one of the same name.

    A broken user theme does not override: the bundled one stays usable and the error is kept in
    `errors`, to be reported once.
    """
    catalogue = ThemeCatalogue()
    cache = StructCache(locations.cache_dir(env) / "themes", ThemeFile)
    folders: list[tuple[Source, Path]] = [
        ("bundled", bundled_dir or locations.bundled_themes_dir()),
        ("user", user_dir or locations.user_themes_dir(env)),
    ]
    for source, folder in folders:
        for path in _theme_files(folder):
            loaded = load_theme(path, source, cache)
            if isinstance(loaded, BriefingTheme):
                catalogue.themes[loaded.name] = loaded
                entry = ThemeEntry(path.stem, source, path, loaded, [])
            else:
                catalogue.errors.extend(loaded)
                entry = ThemeEntry(path.stem, source, path, None, loaded)
            catalogue.entries.append(entry)
    catalogue.entries = [
        _mark_overridden(entry, catalogue.themes.get(entry.name)) for entry in catalogue.entries
    ]
    return catalogue


def _mark_overridden(entry: ThemeEntry, winner: BriefingTheme | None) -> ThemeEntry:
    """The entry, flagged when another file of the same name is the one in use."""
    if entry.theme is None or winner is None or winner.path == entry.path:
        return entry
    return ThemeEntry(entry.name, entry.source, entry.path, entry.theme, entry.errors, overridden=True)


# --- Textual and groups --------------------------------------------------------------------------


def to_textual_theme(theme: BriefingTheme) -> Theme:
    """The theme as a Textual `Theme`, semantic colours and styles as its `variables`."""
    from textual.theme import Theme

    return Theme(
        name=theme.name,
        dark=theme.file.dark,
        variables=theme.variables,
        **msgspec.structs.asdict(theme.file.colours),
    )


def group_colour_index(group_name: str) -> int:
    """The palette slot (0-7) of an actor group: CRC-32, so the same group has the same colour on
    every run and machine (Python's `hash` of a str changes per process)."""
    return group_slot(group_name)


def group_variable(group_name: str) -> str:
    """The theme variable (`group-3`) colouring an actor group."""
    return GROUP_VARIABLES[group_colour_index(group_name)]


# --- contrast (WCAG 2.x) -------------------------------------------------------------------------


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a colour Textual can parse (alpha is ignored)."""
    from textual.color import Color

    parsed = Color.parse(colour)

    def channel(value: int) -> float:
        scaled = value / 255
        return scaled / 12.92 if scaled <= 0.04045 else ((scaled + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + 0.0722 * channel(parsed.b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours, from 1.0 (same) to 21.0 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class ContrastFigure(msgspec.Struct, frozen=True):
    """How one foreground colour of a theme stands out from one of its backgrounds."""

    element: str
    against: str
    ratio: float


def contrast_figures(theme: BriefingTheme) -> list[ContrastFigure]:
    """Text on background, and every semantic and group colour on background and surface."""
    colours = theme.colours
    figures = [
        ContrastFigure(
            "foreground", "background", contrast_ratio(colours["foreground"], colours["background"])
        )
    ]
    for element in STYLED_VARIABLES:
        for against in ("background", "surface"):
            figures.append(
                ContrastFigure(element, against, contrast_ratio(colours[element], colours[against]))
            )
    return figures


# --- `briefing themes` ---------------------------------------------------------------------------


def list_command(args: argparse.Namespace) -> int:
    """Print every theme file with its source and path, the one in use, and broken ones' errors.

    Exit 1 when any theme file is broken, so a script can notice.
    """
    from briefing.settings import load_settings, resolve_theme_name

    catalogue = load_catalogue()
    settings = load_settings()
    wanted = resolve_theme_name(getattr(args, "theme", None), settings=settings.settings)
    in_use, _ = catalogue.pick(wanted)
    width = max((len(clean_line(entry.name)) for entry in catalogue.entries), default=0)
    for entry in catalogue.entries:
        marker = "*" if entry.theme is in_use else " "
        line = f"{marker} {clean_line(entry.name):<{width}}  {entry.source:<7}  {clean_line(str(entry.path))}"
        if entry.theme is not None:
            figures = contrast_figures(entry.theme)
            text = figures[0].ratio
            badges = min(figure.ratio for figure in figures[1:])
            line += f"  (text {text:.1f}:1, colours >= {badges:.1f}:1)"
        if entry.overridden:
            line += "  [overridden by a user theme]"
        print(line)
        for error in entry.errors:
            print(f"    BROKEN: {clean_line(str(error))}")
    for error in settings.errors:
        print(f"  config: {clean_line(str(error))}")
    print(f"* = in use. User themes folder: {clean_line(str(locations.user_themes_dir()))}")
    return 1 if catalogue.errors else 0

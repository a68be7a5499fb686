"""Themes: every bundled theme loads, reads well (contrast) and keeps meanings apart; user themes
override bundled ones; broken files give one clear error and the default theme."""

from __future__ import annotations

import asyncio
import itertools
import os
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.color import Color
from textual.widgets import Static

from briefing import locations
from briefing.model import EVENT_STATUSES, QUESTION_STATUSES, STATEMENT_KINDS
from briefing.settings import start_up
from briefing.themes import (
    DEFAULT_THEME,
    GROUP_VARIABLES,
    KIND_VARIABLES,
    QUESTION_VARIABLES,
    STATUS_VARIABLES,
    STYLED_VARIABLES,
    TEXT_STYLES,
    BriefingTheme,
    YamlDocument,
    contrast_figures,
    contrast_ratio,
    group_colour_index,
    group_variable,
    load_catalogue,
    to_textual_theme,
)

REPO = Path(__file__).resolve().parent.parent
BUNDLED = ("briefing-dark", "briefing-light", "high-contrast", "colour-blind", "monochrome")
FAMILIES = {
    "statuses": STATUS_VARIABLES,
    "questions": QUESTION_VARIABLES,
    "kinds": KIND_VARIABLES,
    "groups": GROUP_VARIABLES,
}


def hermetic_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose XDG folders are empty temporary ones and which chooses no theme."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("BRIEFING_", "XDG_")) and key != "NO_COLOR"
    }
    env |= {
        "HOME": str(tmp_path / "home"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
    }
    return env


def user_theme(env: dict[str, str], name: str, text: str) -> Path:
    """Write a theme file into the user's themes folder of `env`."""
    folder = locations.user_themes_dir(env)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def bundled_text(name: str) -> str:
    return (REPO / "themes" / f"{name}.yaml").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BriefingTheme]:
    env = {"XDG_CACHE_HOME": str(tmp_path_factory.mktemp("cache"))}
    catalogue = load_catalogue(env, user_dir=Path("/nonexistent/briefing-test"))
    assert catalogue.errors == []
    return catalogue.themes


def test_every_bundled_theme_loads(bundled: dict[str, BriefingTheme]) -> None:
    assert set(BUNDLED) <= set(bundled)
    for name, theme in bundled.items():
        assert theme.source == "bundled"
        assert theme.path.name == f"{name}.yaml"
        textual_theme = to_textual_theme(theme)
        assert textual_theme.name == name
        assert textual_theme.dark is theme.file.dark
        assert set(textual_theme.variables) == set(STYLED_VARIABLES) | {
            f"{v}-style" for v in STYLED_VARIABLES
        }
        for variable, value in textual_theme.variables.items():
            if variable.endswith("-style"):
                assert set(value.split()) <= TEXT_STYLES
            else:
                Color.parse(value)


def test_bundled_themes_ship_in_the_package() -> None:
    """The package's data folder is a link to themes/ at the top, so both hold the same files."""
    packaged = sorted(path.name for path in locations.bundled_themes_dir().glob("*.yaml"))
    assert packaged == sorted(f"{name}.yaml" for name in BUNDLED)
    assert locations.bundled_themes_dir().resolve() == (REPO / "themes").resolve()


def test_semantic_variables_follow_the_format() -> None:
    assert tuple(f"status-{status}" for status in EVENT_STATUSES) == STATUS_VARIABLES
    assert tuple(f"question-{status}" for status in QUESTION_STATUSES) == QUESTION_VARIABLES
    assert tuple(f"kind-{kind}" for kind in STATEMENT_KINDS) == KIND_VARIABLES


def test_contrast_formula_matches_wcag() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#5aa9ff", "#5aa9ff") == pytest.approx(1.0)
    # #767676 on white is the classic lightest grey that passes AA.
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast_ratio("#777777", "#ffffff") < 4.5


@pytest.mark.parametrize("name", BUNDLED)
def test_contrast(bundled: dict[str, BriefingTheme], name: str) -> None:
    """Text is AA everywhere; every meaning's colour is AA in high-contrast and 3:1 (badges) elsewhere."""
    figures = contrast_figures(bundled[name])
    text, colours = figures[0], figures[1:]
    assert (text.element, text.against) == ("foreground", "background")
    assert text.ratio >= 4.5
    minimum = 4.5 if name == "high-contrast" else 3.0
    failing = [f"{f.element} on {f.against}: {f.ratio:.2f}" for f in colours if f.ratio < minimum]
    assert failing == []
    assert {f.element for f in colours} == set(itertools.chain(*FAMILIES.values()))


def test_contrast_table(bundled: dict[str, BriefingTheme], capsys: pytest.CaptureFixture[str]) -> None:
    """Prints the figures (run with -s to see them): the worst colour of each family per theme."""
    rows = [
        "| theme | text/background | statuses | questions | kinds | groups |",
        "|---|---|---|---|---|---|",
    ]
    for name in BUNDLED:
        figures = contrast_figures(bundled[name])
        worst = {
            family: min(f.ratio for f in figures[1:] if f.element in members)
            for family, members in FAMILIES.items()
        }
        cells = " | ".join(f"{worst[family]:.2f}" for family in FAMILIES)
        rows.append(f"| {name} | {figures[0].ratio:.2f} | {cells} |")
    with capsys.disabled():
        print("\nminimum contrast ratio (against background and surface)\n" + "\n".join(rows))
    assert len(rows) == 2 + len(BUNDLED)


@pytest.mark.parametrize("name", BUNDLED)
def test_meanings_stay_apart(bundled: dict[str, BriefingTheme], name: str) -> None:
    """Within each family no two meanings share both colour and text style (monochrome relies on styles)."""
    theme = bundled[name]
    colours = theme.colours
    for members in FAMILIES.values():
        looks = [(Color.parse(colours[member]).hex6, theme.style(member)) for member in members]
        assert len(set(looks)) == len(looks), (name, members, looks)
    assert len(set(theme.symbols[member] for member in STATUS_VARIABLES)) == len(STATUS_VARIABLES)


def test_monochrome_uses_greys_and_styles(bundled: dict[str, BriefingTheme]) -> None:
    theme = bundled["monochrome"]
    for value in theme.colours.values():
        red, green, blue = Color.parse(value).rgb
        assert red == green == blue, value
    assert {theme.style(member) for member in STATUS_VARIABLES} >= {"bold", "reverse", "underline", "italic"}


# Viénot, Brettel & Mollon (1999) dichromacy simulation in linear RGB.
_DICHROMACY = {
    "protanopia": ((0.11238, 0.88762, 0.0), (0.11238, 0.88762, 0.0), (0.00401, -0.00401, 1.0)),
    "deuteranopia": ((0.29275, 0.70725, 0.0), (0.29275, 0.70725, 0.0), (-0.02234, 0.02234, 1.0)),
}


def _simulate(colour: str, matrix: tuple[tuple[float, float, float], ...]) -> tuple[float, ...]:
    """The colour as a dichromat sees it, in 0-255 sRGB."""

    def linear(value: int) -> float:
        scaled = value / 255
        return scaled / 12.92 if scaled <= 0.04045 else ((scaled + 0.055) / 1.055) ** 2.4

    def encode(value: float) -> float:
        value = min(max(value, 0.0), 1.0)
        return 255 * (value * 12.92 if value <= 0.0031308 else 1.055 * value ** (1 / 2.4) - 0.055)

    rgb = [linear(channel) for channel in Color.parse(colour).rgb]
    return tuple(
        encode(sum(weight * value for weight, value in zip(row, rgb, strict=True))) for row in matrix
    )


@pytest.mark.parametrize("deficiency", sorted(_DICHROMACY))
def test_colour_blind_statuses_stay_apart_without_red_green(
    bundled: dict[str, BriefingTheme], deficiency: str
) -> None:
    """As a protanope or deuteranope sees them, every two status colours differ clearly."""
    colours = bundled["colour-blind"].colours
    seen = {member: _simulate(colours[member], _DICHROMACY[deficiency]) for member in STATUS_VARIABLES}
    for first, second in itertools.combinations(STATUS_VARIABLES, 2):
        distance = sum((a - b) ** 2 for a, b in zip(seen[first], seen[second], strict=True)) ** 0.5
        assert distance >= 40, (first, second, round(distance))


def test_group_colour_is_stable_across_processes() -> None:
    """The slot comes from CRC-32, not Python's per-process salted `hash`."""
    assert group_colour_index("US") == zlib.crc32(b"US") % 8
    assert group_variable("US") == f"group-{group_colour_index('US')}"
    code = (
        "from briefing.themes import group_colour_index as g\n"
        "print([g(name) for name in ('US', 'Russia', 'Ukraine')])"
    )
    outputs = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1
    assert {group_colour_index(name) for name in ("US", "Russia", "Ukraine", "EU", "NATO")} <= set(range(8))


def test_user_theme_overrides_bundled(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    text = bundled_text("briefing-dark").replace('background: "#14161b"', 'background: "#000000"')
    path = user_theme(env, "briefing-dark", text)
    catalogue = load_catalogue(env)
    assert catalogue.errors == []
    theme = catalogue.themes["briefing-dark"]
    assert (theme.source, theme.path, theme.colours["background"]) == ("user", path, "#000000")
    overridden = [entry for entry in catalogue.entries if entry.overridden]
    assert [(entry.name, entry.source) for entry in overridden] == [("briefing-dark", "bundled")]
    assert start_up(None, env).theme.path == path


def test_a_new_user_theme_is_listed_and_usable(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    text = bundled_text("briefing-light").replace("name: briefing-light", "name: paper")
    user_theme(env, "paper", text)
    start = start_up("paper", env)
    assert (start.theme.name, start.problems) == ("paper", [])
    assert "paper" in {theme.name for theme in start.catalogue.textual_themes()}


def dark_with(old: str, new: str) -> str:
    """The bundled dark theme with one edit, named for the file `mine.yaml` it is written to."""
    text = bundled_text("briefing-dark")
    assert old in text
    return text.replace(old, new).replace("name: briefing-dark", "name: mine")


# case: (file text, line, column, part of the message)
BROKEN = {
    "bad YAML": ("colours: [unclosed\n", 2, 1, "YAML syntax error"),
    "invalid colour": (
        dark_with('error: "#ff6b6b"', 'error: "#ff6b6"'),
        17,
        10,
        "'colours.error': '#ff6b6' is not a colour",
    ),
    # Textual's colour parser takes `#ff6b6b\n` (its `$` matches before a final newline).
    "colour with a final newline": (
        dark_with('error: "#ff6b6b"', 'error: "#ff6b6b\\n"'),
        17,
        10,
        "'colours.error': '#ff6b6b\\n' is not a colour",
    ),
    "unknown key": (
        dark_with("  panel:", "  pannel:"),
        14,
        3,
        "unknown key 'pannel' in 'colours' (expected one of: primary, secondary",
    ),
    "unquoted hash": (
        dark_with('primary: "#5aa9ff"', "primary: #5aa9ff"),
        9,
        11,
        "'colours.primary' must be text, not empty (quote colours",
    ),
    "too few groups": (
        dark_with('"#e6c07b", "#a3a8ff"]', '"#e6c07b"]'),
        35,
        9,
        "'groups' must list exactly 8 colours, not 7",
    ),
    "bad style": (
        dark_with("status-denied: bold", "status-denied: blod"),
        40,
        18,
        "'styles.status-denied': 'blod' is not a text style",
    ),
    "symbol for a group": (
        dark_with("symbols: {}", "symbols: {group-0: x}"),
        44,
        11,
        "unknown key 'group-0' in 'symbols' (expected one of: status-reported,",
    ),
    "not a mapping": ("- just\n- a list\n", 1, 1, "a theme must be a mapping of keys to values, not a list"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_theme_gives_one_clear_error_and_the_default(tmp_path: Path, case: str) -> None:
    text, line, column, message = BROKEN[case]
    env = hermetic_env(tmp_path)
    path = user_theme(env, "mine", text)
    start = start_up("mine", env)
    assert start.theme.name == DEFAULT_THEME
    assert len(start.catalogue.errors) == 1
    error = start.catalogue.errors[0]
    assert (error.path, error.line, error.column) == (str(path), line, column)
    assert message in error.message
    assert start.problems[0].startswith(f"{path}:{line}:{column}: error: ")
    assert start.problems[1:] == [
        f"theme 'mine' does not load (see the error above); using 'briefing-dark'. "
        f"Available: {', '.join(BUNDLED_SORTED)}"
    ]


BUNDLED_SORTED = sorted(BUNDLED)


def test_broken_user_theme_does_not_hide_the_bundled_one(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    user_theme(env, "high-contrast", "dark: maybe\n")
    start = start_up("high-contrast", env)
    assert (start.theme.name, start.theme.source) == ("high-contrast", "bundled")
    assert len(start.problems) == 1


def test_theme_name_must_match_its_file(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    path = user_theme(env, "mine", bundled_text("briefing-dark"))
    (error,) = load_catalogue(env).errors
    assert str(error) == f"{path}:3:7: error: name 'briefing-dark' differs from the file name 'mine'"


def test_theme_file_name_must_be_a_plain_name(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    path = user_theme(
        env, "my\x1b[31mtheme", bundled_text("briefing-dark").replace("name: briefing-dark\n", "")
    )
    (error,) = load_catalogue(env).errors
    shown = str(path).replace("\x1b", "\u241b")  # the error's text is clean, its path exact
    assert error.path == str(path)
    assert str(error) == (
        f"{shown}:3:1: error: the file name 'my\u241b[31mtheme' cannot name a theme: "
        "use letters, digits, '.', '_' and '-'"
    )


def test_unknown_theme_name_falls_back(tmp_path: Path) -> None:
    start = start_up("solarised", hermetic_env(tmp_path))
    assert start.theme.name == DEFAULT_THEME
    assert start.problems == [
        f"theme 'solarised' is not known; using 'briefing-dark'. Available: {', '.join(BUNDLED_SORTED)}"
    ]


class _Swatch(App[None]):
    """A one-widget app whose stylesheet reads a semantic colour and its style from the theme."""

    CSS = "Static { color: $status-denied; text-style: $status-denied-style; }"

    def __init__(self, theme: BriefingTheme, defaults: dict[str, str]) -> None:
        self._theme = theme
        self._defaults = defaults  # read by App.__init__ itself, so set before it runs
        super().__init__()

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return self._defaults

    def compose(self) -> ComposeResult:
        yield Static("denied")

    def on_mount(self) -> None:
        self.register_theme(to_textual_theme(self._theme))
        self.theme = self._theme.name


@pytest.mark.parametrize("name", ["monochrome", "colour-blind"])
def test_textual_applies_theme_colours_and_styles(bundled: dict[str, BriefingTheme], name: str) -> None:
    theme = bundled[name]
    catalogue = load_catalogue({}, user_dir=Path("/nonexistent/briefing-test"))

    async def run() -> tuple[Color, str]:
        app = _Swatch(theme, catalogue.default_variables())
        async with app.run_test() as pilot:
            await pilot.pause()
            styles = app.query_one(Static).styles
            return styles.color, str(styles.text_style)

    colour, style = asyncio.run(run())
    assert colour == Color.parse(theme.colours["status-denied"])
    assert style == theme.style("status-denied")


def run_cli(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefing", *arguments],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )


def test_themes_command_lists_sources_and_marks_broken(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    clean = run_cli(env, "themes")
    assert clean.returncode == 0, clean.stderr
    lines = clean.stdout.splitlines()
    for name in BUNDLED:
        (line,) = [line for line in lines if line[2:].startswith(f"{name} ")]
        assert " bundled " in line
        assert str(locations.bundled_themes_dir() / f"{name}.yaml") in line
    assert any(line.startswith("* briefing-dark ") for line in lines)

    good = user_theme(
        env, "paper", bundled_text("briefing-light").replace("name: briefing-light", "name: paper")
    )
    broken = user_theme(env, "broken", bundled_text("briefing-dark").replace("  panel:", "  pannel:"))
    listed = run_cli({**env, "BRIEFING_THEME": "paper"}, "themes")
    assert listed.returncode == 1
    assert listed.stderr == ""
    lines = listed.stdout.splitlines()
    (paper,) = [line for line in lines if line.startswith("* paper ")]
    assert f" user     {good}" in paper
    position = lines.index(next(line for line in lines if line[2:].startswith("broken ")))
    assert lines[position + 1] == (
        f"    BROKEN: {broken}:14:3: error: unknown key 'pannel' in 'colours' (expected one of: "
        "primary, secondary, accent, background, surface, panel, foreground, warning, error, success)"
    )


def test_themes_command_does_not_load_the_app(tmp_path: Path) -> None:
    """`briefing themes` stays light: Textual's colour parser only, never textual.app."""
    code = (
        "import sys, argparse\n"
        "from briefing.themes import list_command\n"
        "list_command(argparse.Namespace())\n"
        "print('textual.app' in sys.modules, 'textual.theme' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=hermetic_env(tmp_path), capture_output=True, text=True, check=True
    )
    assert result.stdout.splitlines()[-1] == "False False"


def _no_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(cls: object, path: Path, text: str) -> None:
        raise AssertionError(f"{path.name} parsed although cached")

    monkeypatch.setattr(YamlDocument, "parse", classmethod(refuse))


def test_themes_that_checked_out_come_from_the_cache_next_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The reader's start-up needs neither PyYAML nor the checks for unchanged theme files."""
    env = hermetic_env(tmp_path)
    user_theme(env, "mine", bundled_text("briefing-dark").replace("name: briefing-dark\n", ""))
    first = load_catalogue(env)
    _no_parsing(monkeypatch)
    second = load_catalogue(env)
    assert second.themes == first.themes and "mine" in second.themes
    assert second.errors == []


def test_an_edited_or_renamed_theme_is_checked_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = hermetic_env(tmp_path)
    text = bundled_text("briefing-dark").replace("name: briefing-dark\n", "")
    path = user_theme(env, "mine", text)
    assert "mine" in load_catalogue(env).themes
    path.write_text(text.replace("dark: true", "dark: maybe"), encoding="utf-8")
    (error,) = load_catalogue(env).errors
    assert error.path == str(path) and "true or false" in error.message
    path.write_text(text, encoding="utf-8")
    renamed = path.with_name("bad name!.yaml")
    path.rename(renamed)
    (error,) = load_catalogue(env).errors
    assert error.path == str(renamed) and "cannot name a theme" in error.message


def test_a_damaged_theme_cache_entry_is_a_miss(tmp_path: Path) -> None:
    env = hermetic_env(tmp_path)
    load_catalogue(env)
    entries = list((locations.cache_dir(env) / "themes").iterdir())
    assert len(entries) == len(BUNDLED)
    for entry in entries:
        entry.write_bytes(b"\x00 not msgpack")
    catalogue = load_catalogue(env)
    assert sorted(catalogue.themes) == BUNDLED_SORTED and catalogue.errors == []

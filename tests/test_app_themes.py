"""Themes and settings in the reader: start-up choice, the picker, saving, user themes, keymap."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from rich.style import Style
from textual.pilot import Pilot

from briefing.app import BriefingApp
from briefing.screens.brief import BriefScreen
from briefing.screens.help import HelpScreen
from briefing.screens.theme_picker import ThemePicker
from briefing.settings import start_up
from briefing.themes import DEFAULT_THEME, load_catalogue

TALKS = Path(__file__).parent / "data" / "app" / "talks.yaml"
BUNDLED = sorted(load_catalogue({"XDG_CONFIG_HOME": "/nonexistent"}).themes)
WIDE = (120, 40)
anyio = pytest.mark.anyio


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """Settings and user themes in a temporary XDG folder; no theme chosen by the environment."""
    return {"HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}


def config_file(env: dict[str, str]) -> Path:
    return Path(env["XDG_CONFIG_HOME"]) / "briefing" / "config.yaml"


def user_theme(env: dict[str, str], name: str, base: str = "briefing-light", **colours: str) -> Path:
    """A user theme file: a bundled one renamed, some semantic colours changed."""
    text = (Path(__file__).parent.parent / "themes" / f"{base}.yaml").read_text(encoding="utf-8")
    text = text.replace(f"name: {base}", f"name: {name}")
    for variable, value in colours.items():
        key = variable.replace("_", "-")
        start = text.index(f"  {key}: ")
        end = text.index("\n", start)
        text = text[:start] + f'  {key}: "{value}"' + text[end:]
    folder = Path(env["XDG_CONFIG_HOME"]) / "briefing" / "themes"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def notices(app: BriefingApp) -> list[str]:
    return [notification.message for notification in app._notifications]


def badge_style(app: BriefingApp, item_id: str) -> Style:
    """The style of the status badge of a timeline event, as drawn."""
    assert isinstance(app.screen, BriefScreen)
    timeline = app.screen.pane("timeline")
    strips = timeline._render_item(timeline.index_of(item_id))
    (segment,) = [seg for seg in strips[0] if seg.text.startswith("[") and seg.text.endswith("]")]
    assert segment.style is not None
    return segment.style


# --- snapshots: the brief screen in every bundled theme --------------------------------------------


async def steady(pilot: Pilot) -> None:
    from test_app_snapshots import steady as settled  # the quality warnings counted too

    await settled(pilot)


@pytest.mark.parametrize("theme", BUNDLED)
def test_brief_screen_in_each_bundled_theme(theme: str, snap_compare) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(BriefingApp(TALKS, theme=theme), terminal_size=WIDE, run_before=steady)


def test_every_theme_file_is_bundled() -> None:
    assert BUNDLED == ["briefing-dark", "briefing-light", "colour-blind", "high-contrast", "monochrome"]


# --- the theme at start ------------------------------------------------------------------------


@anyio
async def test_only_the_catalogue_themes_are_offered(brief_path: Path, env: dict[str, str]) -> None:
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        assert sorted(app.available_themes) == BUNDLED  # no nord, no textual-dark: a saved name resolves
        assert notices(app) == []


@anyio
async def test_no_color_starts_in_monochrome_with_meaning_in_styles_and_symbols(
    brief_path: Path, env: dict[str, str]
) -> None:
    app = BriefingApp(brief_path, env=env | {"NO_COLOR": "1"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "monochrome"
        confirmed, denied = badge_style(app, "first-round"), badge_style(app, "walkout")
        disputed, unverified = badge_style(app, "leak"), badge_style(app, "second-round")
        assert denied.reverse and not confirmed.reverse
        assert disputed.underline and not denied.underline
        assert unverified.italic
        text = "\n".join(strip.text for strip in app.screen._compositor.render_strips())
        for badge in (
            "[✔ CONFIRMED]",
            "[✘ DENIED]",
            "[⇄ DISPUTED]",
            "[? OPEN]",
            "[– MOOT]",
        ):
            assert badge in text


@anyio
async def test_theme_argument_and_environment(brief_path: Path, env: dict[str, str]) -> None:
    app = BriefingApp(brief_path, theme="high-contrast", env=env | {"BRIEFING_THEME": "colour-blind"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "high-contrast"
    app = BriefingApp(brief_path, env=env | {"BRIEFING_THEME": "colour-blind"})
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "colour-blind"


@anyio
async def test_a_broken_theme_gives_one_notice_and_the_default_theme(
    brief_path: Path, env: dict[str, str]
) -> None:
    broken = user_theme(env, "mine", status_denied="#zzzzzz")
    config_file(env).write_text("theme: mine\n", encoding="utf-8")
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        messages = notices(app)
        line = next(n for n, text in enumerate(broken.read_text().splitlines(), 1) if "status-denied" in text)
        assert [m for m in messages if str(broken) in m] == [
            f"{broken}:{line}:18: error: 'semantic.status-denied': '#zzzzzz' is not a colour "
            "(use '#rrggbb', 'rgb(r,g,b)' or a colour name)"
        ]
        assert any("theme 'mine' does not load" in m for m in messages)
        assert len(messages) == 2
        await pilot.press("question_mark", "escape")  # other screens do not repeat it
        await pilot.pause()
        assert len(notices(app)) == 2


@anyio
async def test_a_theme_file_broken_while_reading_is_reported_once(
    brief_path: Path, env: dict[str, str]
) -> None:
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        broken = user_theme(env, "mine", status_denied="#zzzzzz")
        for _ in range(2):
            await pilot.press("ctrl+t", "escape")
            await pilot.pause()
        (message,) = notices(app)  # once, though the folder was read twice
        assert message.startswith(f"{broken}:") and "'#zzzzzz' is not a colour" in message
        assert app.theme == DEFAULT_THEME


@anyio
async def test_a_broken_config_file_is_reported_once(brief_path: Path, env: dict[str, str]) -> None:
    config_file(env).parent.mkdir(parents=True)
    config_file(env).write_text("theme: monochrome\ncolour: red\n", encoding="utf-8")
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == DEFAULT_THEME
        (message,) = notices(app)
        assert message.startswith(f"{config_file(env)}:2:1: error: unknown key 'colour'")


def test_an_unknown_theme_on_the_command_line_is_a_usage_error(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("BRIEFING_")}
    result = subprocess.run(
        [sys.executable, "-m", "briefing", str(TALKS), "--theme", "nord"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env=environment | {"XDG_CONFIG_HOME": str(tmp_path)},
    )
    assert result.returncode == 2
    assert result.stderr.startswith(
        "briefing: --theme 'nord': no such theme (available: briefing-dark, briefing-light, colour-blind, "
        "high-contrast, monochrome)"
    )
    assert result.stdout == ""


# --- the picker --------------------------------------------------------------------------------


@anyio
async def test_the_picker_previews_as_you_move_and_esc_restores(
    brief_path: Path, env: dict[str, str]
) -> None:
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        before = badge_style(app, "walkout").color
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, ThemePicker)
        seen = [app.theme]
        for _ in range(len(BUNDLED) - 1):
            await pilot.press("down")
            await pilot.pause()
            seen.append(app.theme)
        assert sorted(seen) == BUNDLED  # every theme previewed once
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert app.theme == DEFAULT_THEME
        assert badge_style(app, "walkout").color == before
        assert not config_file(env).exists()


@anyio
async def test_enter_keeps_the_theme_for_the_session_only(brief_path: Path, env: dict[str, str]) -> None:
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        before = badge_style(app, "walkout").color
        await pilot.press("ctrl+t", "down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert app.theme == "briefing-light"
        assert badge_style(app, "walkout").color != before  # the panes redraw in the new colours
    assert not config_file(env).exists()
    assert start_up(None, env).theme.name == DEFAULT_THEME


@anyio
async def test_the_palette_command_opens_the_picker(brief_path: Path, env: dict[str, str]) -> None:
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+p", *"theme")
        await pilot.pause(0.5)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ThemePicker)


@anyio
async def test_saving_keeps_the_config_files_comments(brief_path: Path, env: dict[str, str]) -> None:
    config = config_file(env)
    config.parent.mkdir(parents=True)
    config.write_text(
        "# my settings\ntheme: briefing-dark  # the usual\n\neditor: nano   # small\n", encoding="utf-8"
    )
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+t", "down", "down", "down")  # high-contrast
        await pilot.pause()
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)
        assert app.theme == "high-contrast"
        assert f"Theme 'high-contrast' saved as the default in {config}" in notices(app)
    assert config.read_text(encoding="utf-8") == (
        "# my settings\ntheme: high-contrast  # the usual\n\neditor: nano   # small\n"
    )


@anyio
async def test_a_failed_save_is_reported_and_the_file_kept(brief_path: Path, env: dict[str, str]) -> None:
    config = config_file(env)
    config.parent.mkdir(parents=True)
    config.write_text("theme: [unclosed\n", encoding="utf-8")
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("ctrl+t", "down", "ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ThemePicker)  # still open: nothing was saved
        assert any(f"{config}:" in m and "not saving the theme" in m for m in notices(app))
    assert config.read_text(encoding="utf-8") == "theme: [unclosed\n"


@anyio
async def test_a_user_theme_dropped_in_can_be_picked_saved_and_is_used_next_time(
    brief_path: Path, env: dict[str, str]
) -> None:
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        user_theme(env, "zz-newsroom", status_denied="#aa0000")  # dropped in while reading
        await pilot.press("ctrl+t")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, ThemePicker)
        assert picker.names[-1] == "zz-newsroom"
        assert "(user theme)" in str(picker.query_one("#themes").get_option_at_index(len(BUNDLED)).prompt)
        await pilot.press("end", "ctrl+d")
        await pilot.pause()
        assert app.theme == "zz-newsroom"
    assert "theme: zz-newsroom" in config_file(env).read_text(encoding="utf-8")
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.pause()
        assert app.theme == "zz-newsroom"
        assert badge_style(app, "walkout").color.triplet.hex == "#aa0000"  # type: ignore[union-attr]


# --- key bindings from the config file -----------------------------------------------------------


@anyio
async def test_the_config_file_remaps_keys(brief_path: Path, env: dict[str, str]) -> None:
    config = config_file(env)
    config.parent.mkdir(parents=True)
    config.write_text("keys:\n  app.help: f1\n  brief.export: [ctrl+x, E]\n", encoding="utf-8")
    app = BriefingApp(brief_path, env=env)
    async with app.run_test(size=WIDE) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)  # ? no longer opens help
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "x")
        await pilot.pause()
        assert isinstance(app.screen, BriefScreen)  # x no longer exports
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert type(app.screen).__name__ == "ExportDialog"


def test_every_binding_of_the_app_has_an_id() -> None:
    """The keymap remaps by id: a binding without one could not be remapped."""
    from textual.binding import Binding

    import briefing.screens
    import briefing.widgets

    modules = []
    for package in (briefing.screens, briefing.widgets):
        folder = Path(package.__file__).parent
        modules += [
            f"{package.__name__}.{path.stem}" for path in folder.glob("*.py") if path.stem != "__init__"
        ]
    seen = 0
    for name in [*modules, "briefing.app"]:
        module = __import__(name, fromlist=["*"])
        for value in vars(module).values():
            own = vars(value).get("BINDINGS", []) if isinstance(value, type) else []
            for binding in own:
                if isinstance(binding, Binding) and value.__module__ == name:
                    seen += 1
                    assert binding.id, f"{name}.{value.__name__}: {binding.key} -> {binding.action}"
    assert seen > 20

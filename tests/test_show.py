"""`briefing show`: the real command on real files, its text safety, width, colour and exit codes."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from rich.cells import cell_len

from briefing import describe
from briefing.loader import load

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "show"
SAMPLE = DATA / "sample.yaml"
BUNDLED = sorted((ROOT / "briefs").glob("*.yaml"))

HOSTILE = (
    "[bold]x[/] [@click=app.quit]q[/] [link=https://x]y[/link] "
    "\x1b[31mred \x1b]0;title\x07 \x1b]8;;http://evil\x1b\\ \x1b]52;c;aGk=\x07 "
    "\x9b31m \u202eevil 漢字 😀"
)
# A url cannot hold a control character (a validation error): percent-encoded ones are shown as written.
HOSTILE_URL = "https://x.org/[bold][/]%1B]8;;http://evil%1B%5C%C2%9B%E2%80%AE"
SECTIONS = ("Summary", "Timeline", "Actors", "Statements", "Questions", "Sources")


def briefing_piped(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` with stdout a pipe (the reader's static path), clean colour environment."""
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "COLUMNS")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "briefing", *arguments],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        env=environment,
        check=False,
    )


def show(path: Path, *options: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run the installed command line exactly as a user would, with a clean colour environment."""
    return briefing_piped("show", str(path), *options, env=env)


def hostile_brief(tmp_path: Path) -> Path:
    """A valid brief whose every text and Markdown field holds markup, escapes, bidi and wide text,
    each prefixed by its field's name so a test can find where it was printed."""

    def text(field: str) -> str:
        return f"F-{field} {HOSTILE}"

    data = {
        "briefing": 1,
        "title": text("title"),
        "as_of": "2025-11-19",
        "summary": text("summary")
        + "\n\n[js](javascript:alert(1)) [ftp](ftp://a.example) <b>html</b> &#x202E;entity &#27;esc",
        "tags": [text("brief-tag")],
        "sources": [
            {"id": "s", "name": text("source-name"), "url": HOSTILE_URL, "notes": text("source-notes")}
        ],
        "actors": [
            {
                "id": "a",
                "name": text("actor-name"),
                "role": text("actor-role"),
                "group": text("actor-group"),
                "aliases": [text("actor-alias")],
                "notes": text("actor-notes"),
                "tags": [text("actor-tag")],
            },
            {"id": "b", "name": text("affiliate-name"), "affiliation": "a"},
        ],
        "events": [
            {
                "id": "e",
                "date": "2025-11~",
                "title": text("event-title"),
                "place": text("event-place"),
                "actors": ["a"],
                "sources": ["s"],
                "notes": text("event-notes"),
                "tags": [text("event-tag")],
            }
        ],
        "statements": [
            {
                "id": "st",
                "actor": "a",
                "quote": text("quote"),
                "translation": text("translation"),
                "context": text("context"),
                "event": "e",
                "source": "s",
                "tags": [text("statement-tag")],
            }
        ],
        "questions": [
            {"id": "q", "question": text("question"), "status": "answered", "answer": text("answer")},
            {"id": "q2", "question": text("open-question"), "tags": [text("question-tag")]},
        ],
    }
    path = tmp_path / "hostile.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def assert_fits(output: str, width: int) -> None:
    too_long = [line for line in output.splitlines() if cell_len(line) > width]
    assert not too_long, f"{len(too_long)} lines wider than {width}: {too_long[:3]}"


def sgr_parameters(output: str) -> list[int]:
    """Every parameter of every SGR (`ESC [ ... m`) sequence in the output."""
    found = []
    for params in re.findall(r"\x1b\[([0-9;]*)m", output):
        found += [int(p) for p in params.split(";") if p]
    return found


def is_colour(parameter: int) -> bool:
    return 30 <= parameter <= 49 or 90 <= parameter <= 107


def test_sample_prints_every_section_and_its_content() -> None:
    result = show(SAMPLE, "--width", "120")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert result.stderr == ""
    positions = [out.index(section + " ─") for section in SECTIONS]
    assert positions == sorted(positions), "sections are in reading order"
    for expected in (
        "US–Russian peace plan for Ukraine",
        "as of 21 Nov 2025 · language fr",
        "tags: ukraine, russia, united-states",
        "4 actors · 3 events · 3 statements · 1 open question",
        # Markdown rendered, raw HTML shown as text, links as text (url)
        "drafted a 28-point plan",
        "the report (https://www.axios.com/)",
        "<b>raw",
        "html</b>",
        # timeline: partial/approximate dates, status words, credibility with meaning, place, actors
        "Nov 2025 ~",
        " DISPUTED ",
        " CONFIRMED ",
        "23 Nov 2025",
        "place: Miami",
        "actors: Rustem Umerov, Steve Witkoff",
        "credibility: 2 probably true · 3 possibly true",
        # actors grouped, with aliases, affiliation and statement counts
        "■ US",
        "■ Russia",
        "No group",
        "aka Steeve Witkoff",
        # statements: kind, original, translation, attribution, context
        "QUOTE · fr",
        "PARAPHRASE · en",
        "DECLINED",
        "declined to comment or did not respond",
        "event: Umerov and Witkoff met in Miami (disputed, Nov 2025 ~)",
        "“Nous n'avons rien de nouveau",
        "translation: We have nothing new that we can tell you on this subject",
        "— Dmitry Peskov, Kremlin spokesman, 19 Nov 2025, via Agence France-Presse",
        "Briefing attended by AFP",
        # questions: what they are about, and their answers as Markdown
        "actors: Steve Witkoff, Rustem Umerov",
        "events: Talks in Geneva",
        "Partly — they sent advisers to Geneva (https://example.org/geneva).",
        # sources with reliability meaning (a narrow column: the meaning wraps)
        "B usually",
        "https://www.axios.com/2025/11/19/ukraine-peace-plan-witkoff-russia",
    ):
        assert expected in out, expected
    assert "**" not in out and "*not*" not in out, "Markdown emphasis is rendered, not shown raw"
    assert out.index("Open (1)") < out.index("Answered (1)") < out.index("Moot (1)")
    assert out.index("OPEN  How far was Ukraine") < out.index("ANSWERED  Will European states")
    witkoff_row = next(line for line in out.splitlines() if line.startswith("Steve Witkoff"))
    assert "United States" in witkoff_row and witkoff_row.rstrip().endswith("1")


def test_timeline_is_in_date_order() -> None:
    out = show(SAMPLE, "--width", "120").stdout
    assert out.index("Umerov and Witkoff met") < out.index("Axios reports a 28-point") < out.index("Talks in")


@pytest.mark.parametrize("width", [40, 80, 132])
def test_output_fits_the_width(width: int) -> None:
    result = show(SAMPLE, "--width", str(width))
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout, width)
    assert "Timeline" in result.stdout
    assert "…" not in result.stdout, "long words fold onto the next line, nothing is cut off"
    address = "https://www.axios.com/2025/11/19/ukraine-peace-plan-witkoff-russia"
    assert address in re.sub(r"\s+", "", result.stdout)


def test_width_follows_columns_when_not_given() -> None:
    result = show(SAMPLE, env={"COLUMNS": "60"})
    assert result.returncode == 0, result.stderr
    assert_fits(result.stdout, 60)
    assert max(cell_len(line) for line in result.stdout.splitlines()) == 60


def test_piped_output_has_no_escape_sequences() -> None:
    result = show(SAMPLE)
    assert result.returncode == 0
    assert "\x1b" not in result.stdout


def test_no_color_keeps_styles_but_drops_every_colour() -> None:
    coloured = show(SAMPLE, env={"FORCE_COLOR": "1"}).stdout
    assert any(is_colour(p) for p in sgr_parameters(coloured)), "FORCE_COLOR alone gives colour"
    result = show(SAMPLE, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert result.returncode == 0
    parameters = sgr_parameters(result.stdout)
    assert parameters, "styles such as bold still come through on a terminal"
    assert not [p for p in parameters if is_colour(p)]
    for badge in (" DISPUTED ", " CONFIRMED ", " OPEN ", " ANSWERED ", " MOOT "):
        assert badge in re.sub(r"\x1b\[[0-9;]*m", "", result.stdout), badge


def test_hostile_text_is_shown_literally_and_never_reaches_the_terminal(tmp_path: Path) -> None:
    path = hostile_brief(tmp_path)
    result = show(path, "--width", "1000")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for forbidden in ("\x1b", "\x07", "\x9b", "\u202e", "\x9c"):
        assert forbidden not in out, repr(forbidden)
    for field in (
        "title",
        "brief-tag",
        "source-name",
        "source-notes",
        "actor-name",
        "actor-role",
        "actor-group",
        "actor-alias",
        "actor-notes",
        "actor-tag",
        "event-title",
        "event-place",
        "event-notes",
        "event-tag",
        "quote",
        "translation",
        "context",
        "statement-tag",
        "question",
        "answer",
        "open-question",
        "question-tag",
    ):
        assert f"F-{field} [bold]x[/] [@click=app.quit]q[/] [link=https://x]y[/link] ␛[31mred" in out, field
    assert "F-summary [bold]x[/]" in out
    assert "␛]0;title␇" in out and "␛]8;;http://evil␛\\" in out and "␛]52;c;aGk=␇" in out
    assert "<U+009B>31m" in out and "<U+202E>evil 漢字 😀" in out
    assert HOSTILE_URL in out
    # links with schemes other than http, https and mailto stay plain text; HTML shows as text
    assert "[js](javascript:alert(1))" in out and "[ftp](ftp://a.example)" in out
    assert "<b>html</b>" in out
    # character references are decoded by the Markdown parser, and cleaned after it
    assert "<U+202E>entity" in out and "\ufffdesc" in out


def test_hostile_brief_on_a_colour_terminal_emits_only_richs_own_styling(tmp_path: Path) -> None:
    result = show(hostile_brief(tmp_path), "--width", "50", env={"FORCE_COLOR": "1"})
    assert result.returncode == 0, result.stderr
    without_sgr = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    for forbidden in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert forbidden not in without_sgr, repr(forbidden)
    assert_fits(without_sgr, 50)


def test_bundled_briefs_print(tmp_path: Path) -> None:
    assert BUNDLED, "the project ships at least one brief in briefs/"
    for path in BUNDLED:
        loaded = load(path).loaded
        assert loaded is not None
        result = show(path, "--width", "80")
        assert result.returncode == 0, result.stderr
        assert_fits(result.stdout, 80)
        assert "\x1b" not in result.stdout
        assert loaded.brief.title in result.stdout
        assert describe.counts(loaded.brief) in result.stdout
        for section in ("Timeline", "Actors", "Statements", "Questions", "Sources"):
            assert f"{section} ─" in result.stdout


def test_invalid_brief_reports_path_line_column_and_exits_1(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("briefing: 1\ntitle: Broken\nas_of: 2025-11-19\nactors:\n  - id: a\n    nmae: X\n")
    result = show(path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert re.search(rf"^{re.escape(str(path))}:\d+:\d+: error: ", result.stderr, re.MULTILINE), result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_folder_exit_2(tmp_path: Path) -> None:
    missing = show(tmp_path / "nope.yaml")
    assert missing.returncode == 2
    assert "nope.yaml: no such file" in missing.stderr
    folder = show(tmp_path)
    assert folder.returncode == 2
    assert "is a folder" in folder.stderr


def test_show_does_not_import_textual() -> None:
    code = "import briefing.show, sys; assert 'textual' not in sys.modules, 'textual imported'"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_describe_words_for_the_sample() -> None:
    loaded = load(SAMPLE).loaded
    assert loaded is not None
    index = loaded.index
    peskov = index.by_id["peskov-nothing-new"]
    declined = index.by_id["umerov-declined"]
    assert describe.attribution(index, peskov) == (
        "Dmitry Peskov, Kremlin spokesman, 19 Nov 2025, via Agence France-Presse"
    )
    assert describe.attribution(index, declined) == (
        "Rustem Umerov, Secretary of Ukraine's National Security and Defence Council"
    )
    assert describe.event_actors(index, index.events["miami-talks"]) == "Rustem Umerov, Steve Witkoff"
    assert describe.status_label("unverified") == "UNVERIFIED"
    assert describe.credibility_label(6) == "6 truth cannot be judged"
    assert describe.reliability_label("F") == "F reliability cannot be judged"
    assert [s.id for s in describe.statements_in_order(index)] == [
        "umerov-declined",  # dated by its event, Nov 2025 ~, which sorts before 19 Nov
        "peskov-nothing-new",
        "witkoff-paraphrase",
    ]
    # crc32, not hash(): the same slot in every run and on every machine
    assert [describe.group_slot(g) for g in ("US", "Russia", "Ukraine")] == [0, 3, 7]
    assert describe.is_safe_link("https://a.example") and describe.is_safe_link("MAILTO:x@y.z")
    assert not describe.is_safe_link("javascript:alert(1)") and not describe.is_safe_link("file:///etc")


def test_minimal_brief_prints_only_its_header(tmp_path: Path) -> None:
    path = tmp_path / "minimal.yaml"
    path.write_text("briefing: 1\ntitle: Nothing yet\nas_of: 2025-11~\n", encoding="utf-8")
    result = show(path, "--width", "60")
    assert result.returncode == 0, result.stderr
    assert "Nothing yet" in result.stdout and "as of Nov 2025 ~ · language en" in result.stdout
    assert "0 actors · 0 events · 0 statements · 0 open questions" in result.stdout
    assert not [section for section in SECTIONS if f"{section} ─" in result.stdout]


@pytest.mark.parametrize("width", ["10", "19", "1001", "100000000", "-5", "wide"])
def test_a_width_out_of_range_is_a_usage_error(width: str) -> None:
    """20 to 1000 columns: `--width 100000000` used to print 2.5 GB of padding."""
    result = show(SAMPLE, "--width", width)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "argument --width:" in result.stderr and "Traceback" not in result.stderr
    if width.lstrip("-").isdigit():
        assert f"the width must be between 20 and 1000, not {width}" in result.stderr


@pytest.mark.parametrize("width", ["20", "1000"])
def test_the_width_limits_are_accepted(width: str) -> None:
    result = show(SAMPLE, "--width", width)
    assert result.returncode == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) == int(width)


def test_a_runaway_columns_is_capped_at_1000() -> None:
    result = show(SAMPLE, env={"COLUMNS": "100000000"})
    assert result.returncode == 0, result.stderr
    assert max(cell_len(line) for line in result.stdout.splitlines()) == 1000
    assert len(result.stdout) < 2_000_000


def test_the_width_range_is_in_the_help() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "show", "--help"], capture_output=True, text=True, check=False
    )
    assert "20 to 1000" in " ".join(result.stdout.split())


@pytest.mark.parametrize("command", [("show",), ()], ids=["show", "piped-reader"])
def test_color_always_colours_a_pipe_even_under_no_color(command: tuple[str, ...]) -> None:
    for env in ({}, {"NO_COLOR": "1"}, {"TERM": "dumb"}):
        result = briefing_piped(*command, str(SAMPLE), "--color", "always", env=env)
        assert result.returncode == 0, result.stderr
        assert any(is_colour(p) for p in sgr_parameters(result.stdout)), env
        plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
        assert "\x1b" not in plain, "only SGR sequences"


@pytest.mark.parametrize("command", [("show",), ()], ids=["show", "piped-reader"])
def test_color_never_and_auto_print_plain_text_into_a_pipe(command: tuple[str, ...]) -> None:
    for option in ("never", "auto"):
        result = briefing_piped(*command, str(SAMPLE), f"--color={option}")
        assert result.returncode == 0, result.stderr
        assert "\x1b" not in result.stdout, option
        assert " DISPUTED " in result.stdout


def test_color_never_prints_no_escape_even_on_a_terminal_or_forced() -> None:
    """A pseudo-terminal as stdout, FORCE_COLOR set: `never` still writes plain text, `auto` does not."""
    import pty

    outputs = {}
    for option in ("never", "auto"):
        leader, follower = pty.openpty()
        environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        environment.update(FORCE_COLOR="1", TERM="xterm-256color", COLUMNS="100")
        process = subprocess.Popen(
            [sys.executable, "-m", "briefing", "show", str(SAMPLE), "--color", option],
            stdout=follower,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env=environment,
        )
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        os.close(leader)
        assert process.wait(timeout=60) == 0
        outputs[option] = b"".join(chunks).decode("utf-8")
    assert "\x1b" not in outputs["never"] and "DISPUTED" in outputs["never"]
    assert any(is_colour(p) for p in sgr_parameters(outputs["auto"]))


def test_color_rejects_an_unknown_value() -> None:
    result = briefing_piped("show", str(SAMPLE), "--color", "sometimes")
    assert result.returncode == 2
    assert "--color" in result.stderr

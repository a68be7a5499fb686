"""Quick edits change only the lines concerned, keep the file as written, and never lose an edit."""

from __future__ import annotations

import codecs
import difflib
import shutil
import stat
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from briefing.loader import load
from briefing.quickedit import (
    ConflictError,
    QuickEditError,
    add_question,
    content_digest,
    render_scalar,
    set_event_status,
    set_question_status,
)
from briefing.yamlread import read_document

COMMENTED = Path(__file__).parent / "data" / "edit" / "commented.yaml"


@pytest.fixture
def brief(tmp_path: Path) -> Path:
    path = tmp_path / "commented.yaml"
    shutil.copy(COMMENTED, path)
    return path


def digest_of(path: Path) -> str:
    result = load(path)
    assert result.loaded is not None, result.errors
    return result.loaded.digest


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    """(lines removed, lines added), by difflib."""
    removed, added = [], []
    for line in difflib.ndiff(before.splitlines(), after.splitlines()):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def edit(path: Path, action: object, *args: object) -> tuple[list[str], list[str]]:
    """Run a quick edit with the digest the app would hold; returns the changed lines."""
    before = path.read_text(encoding="utf-8")
    loaded = action(path, *args, digest_of(path))  # type: ignore[operator]
    after = path.read_text(encoding="utf-8")
    assert loaded.digest == content_digest(path.read_bytes())
    assert load(path).ok
    return changed_lines(before, after)


def test_event_status_replaced_keeping_quotes_and_comment(brief: Path) -> None:
    assert edit(brief, set_event_status, "axios-report", "confirmed") == (
        ['    status: "reported"   # until someone confirms'],
        ['    status: "confirmed"   # until someone confirms'],
    )


def test_event_status_added_in_the_format_order(brief: Path) -> None:
    assert edit(brief, set_event_status, "kremlin-reply", "disputed") == ([], ["    status: disputed"])
    lines = brief.read_text(encoding="utf-8").splitlines()
    where = lines.index("    status: disputed")
    assert lines[where - 1 : where + 2] == ["    sources: [afp]", "    status: disputed", "    notes: |"]


def test_question_answered_with_a_markdown_answer_as_a_literal_block(brief: Path) -> None:
    answer = 'Not at all, says Kyiv.\n\nZelensky: "we learned it from the press".'
    assert edit(brief, set_question_status, "ukraine-consulted", "answered", answer) == (
        ["    status: open"],
        [
            "    status: answered",
            "    answer: |",
            "      Not at all, says Kyiv.",
            "",
            '      Zelensky: "we learned it from the press".',
        ],
    )
    question = load(brief).loaded.brief.questions[0]  # type: ignore[union-attr]
    assert (question.status, question.answer) == ("answered", answer + "\n")


def test_answer_replaced_inside_its_block_keeps_the_block(brief: Path) -> None:
    assert edit(brief, set_question_status, "who-drafted", "answered", "Witkoff, alone.") == (
        ["      Witkoff and Dmitriev, per Axios."],
        ["      Witkoff, alone."],
    )


def test_status_kept_quoted_and_answer_removed_with_empty_text(brief: Path) -> None:
    assert edit(brief, set_question_status, "who-drafted", "moot", "") == (
        ["    status: 'answered'", "    answer: |", "      Witkoff and Dmitriev, per Axios."],
        ["    status: 'moot'"],
    )


def test_answer_none_leaves_the_answer_alone(brief: Path) -> None:
    assert edit(brief, set_question_status, "who-drafted", "open", None) == (
        ["    status: 'answered'"],
        ["    status: 'open'"],
    )
    assert "      Witkoff and Dmitriev, per Axios." in brief.read_text(encoding="utf-8")


def test_missing_status_and_answer_inserted_in_order_before_a_comment(brief: Path) -> None:
    assert edit(brief, set_question_status, "eu-role", "answered", "None: yes, really") == (
        [],
        ["    status: answered", "    answer: 'None: yes, really'"],
    )
    assert brief.read_text(encoding="utf-8").endswith(
        "    question: What role for Europe?\n"
        "    status: answered\n"
        "    answer: 'None: yes, really'\n"
        "# end of the brief\n"
    )


def test_question_added_like_its_neighbours(brief: Path) -> None:
    assert edit(brief, add_question, "kyiv-reply", "What will Kyiv answer: yes or no?") == (
        [],
        ["", "  - id: kyiv-reply", "    question: 'What will Kyiv answer: yes or no?'", "    status: open"],
    )
    questions = load(brief).loaded.brief.questions  # type: ignore[union-attr]
    assert [q.id for q in questions] == ["ukraine-consulted", "who-drafted", "eu-role", "kyiv-reply"]


def test_question_section_created_when_absent(tmp_path: Path) -> None:
    path = tmp_path / "bare.yaml"
    path.write_text("# mine\nbriefing: 1\ntitle: Bare\nas_of: 2025-11\n\nactors:\n- id: a\n  name: A\n")
    assert edit(path, add_question, "why", "Why?") == (
        [],
        ["", "questions:", "- id: why", "  question: Why?", "  status: open"],
    )


def test_empty_flow_list_becomes_a_block_list(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("briefing: 1\ntitle: T\nas_of: 2025\nquestions: []   # none yet\ntags: [a]\n")
    assert edit(path, add_question, "q1", "First?") == (
        ["questions: []   # none yet"],
        ["questions:   # none yet", "  - id: q1", "    question: First?", "    status: open"],
    )


def test_flow_style_items_are_edited_in_flow_style(tmp_path: Path) -> None:
    path = tmp_path / "flow.yaml"
    path.write_text(
        "briefing: 1\ntitle: T\nas_of: 2025\nquestions:\n  - {id: q1, question: 'Why?'}\n", encoding="utf-8"
    )
    assert edit(path, set_question_status, "q1", "answered", "Because.\nThat's why.") == (
        ["  - {id: q1, question: 'Why?'}"],
        ["  - {id: q1, question: 'Why?', status: answered, answer: \"Because.\\nThat's why.\"}"],
    )


def test_a_file_without_final_newline_is_extended_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "nofinal.yaml"
    path.write_text("briefing: 1\ntitle: T\nas_of: 2025\nquestions:\n  - id: q1\n    question: Why?")
    assert edit(path, set_question_status, "q1", "moot", None) == ([], ["    status: moot"])
    assert path.read_text(encoding="utf-8").endswith("\n    question: Why?\n    status: moot")


def test_crlf_line_ends_and_byte_order_mark_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "windows.yaml"
    text = "briefing: 1\r\ntitle: T\r\nas_of: 2025\r\nquestions:\r\n  - id: q1\r\n    question: Why?\r\n"
    path.write_bytes(codecs.BOM_UTF8 + text.encode("utf-8"))
    set_question_status(path, "q1", "answered", "Line one.\nLine two.", content_digest(path.read_bytes()))
    assert path.read_bytes() == codecs.BOM_UTF8 + (
        text + "    status: answered\r\n    answer: |\r\n      Line one.\r\n      Line two.\r\n"
    ).encode("utf-8")


def test_a_file_changed_underneath_is_refused_and_kept(brief: Path) -> None:
    loaded_digest = digest_of(brief)
    with brief.open("a", encoding="utf-8") as handle:
        handle.write("# a line written in another editor\n")
    on_disk = brief.read_bytes()
    with pytest.raises(ConflictError, match="changed on disk since it was loaded; nothing was written"):
        set_event_status(brief, "axios-report", "denied", loaded_digest)
    with pytest.raises(ConflictError):
        add_question(brief, "new-one", "New?", loaded_digest)
    assert brief.read_bytes() == on_disk
    assert [p.name for p in brief.parent.iterdir()] == [brief.name]


def test_an_edit_that_would_make_the_brief_invalid_writes_nothing(brief: Path) -> None:
    on_disk = brief.read_bytes()
    with pytest.raises(QuickEditError, match="an answered question needs an `answer`"):
        set_question_status(brief, "eu-role", "answered", None, digest_of(brief))
    with pytest.raises(QuickEditError, match="not a question status"):
        set_question_status(brief, "eu-role", "closed", None, digest_of(brief))
    with pytest.raises(QuickEditError, match="no item 'nope' in events"):
        set_event_status(brief, "nope", "denied", digest_of(brief))
    with pytest.raises(QuickEditError, match="is not an id"):
        add_question(brief, "Not An Id", "Why?", digest_of(brief))
    with pytest.raises(QuickEditError, match="would leave an invalid brief"):
        add_question(brief, "axios", "Same id as a source?", digest_of(brief))
    assert brief.read_bytes() == on_disk


def test_permissions_are_kept(brief: Path) -> None:
    brief.chmod(0o640)
    set_event_status(brief, "axios-report", "denied", digest_of(brief))
    assert stat.S_IMODE(brief.stat().st_mode) == 0o640


@pytest.mark.parametrize("mode", [0o444, 0o400, 0o555])
def test_a_read_only_brief_is_refused_and_kept(brief: Path, mode: int) -> None:
    """No write bit at all means "leave me alone", even for root (for whom `os.access` says yes,
    and who could replace the file by a rename anyway)."""
    brief.chmod(mode)
    on_disk = brief.read_bytes()
    with pytest.raises(QuickEditError, match="is read-only, so nothing was written"):
        set_event_status(brief, "axios-report", "denied", digest_of(brief))
    with pytest.raises(QuickEditError, match="is read-only"):
        set_question_status(brief, "eu-role", "moot", "Left out.", digest_of(brief))
    with pytest.raises(QuickEditError, match="is read-only"):
        add_question(brief, "new-one", "New?", digest_of(brief))
    assert brief.read_bytes() == on_disk
    assert stat.S_IMODE(brief.stat().st_mode) == mode
    assert [p.name for p in brief.parent.iterdir()] == [brief.name]


def test_a_read_only_brief_behind_a_link_is_refused(brief: Path) -> None:
    link = brief.with_name("link.yaml")
    link.symlink_to(brief.name)
    brief.chmod(0o444)
    on_disk = brief.read_bytes()
    with pytest.raises(QuickEditError, match="is read-only"):
        set_event_status(link, "axios-report", "denied", digest_of(link))
    assert brief.read_bytes() == on_disk and link.is_symlink()


def test_a_brief_made_read_only_during_the_edit_is_refused_at_the_write(
    brief: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The write itself refuses, not only the check before it."""
    from briefing import quickedit

    real_load_text = quickedit.load_text

    def chmod_then_load(*args: object, **kwargs: object) -> object:
        brief.chmod(0o444)
        return real_load_text(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(quickedit, "load_text", chmod_then_load)
    on_disk = brief.read_bytes()
    with pytest.raises(QuickEditError, match="is read-only; not overwriting it"):
        set_event_status(brief, "axios-report", "denied", digest_of(brief))
    assert brief.read_bytes() == on_disk


def test_a_brief_behind_a_symbolic_link_stays_a_link(brief: Path) -> None:
    link = brief.with_name("link.yaml")
    link.symlink_to(brief.name)
    set_event_status(link, "axios-report", "denied", digest_of(link))
    assert link.is_symlink()
    assert '    status: "denied"   # until someone confirms' in brief.read_text(encoding="utf-8")


def test_successive_edits_each_touch_only_their_lines(brief: Path) -> None:
    original = brief.read_text(encoding="utf-8")
    set_event_status(brief, "kremlin-reply", "confirmed", digest_of(brief))
    set_question_status(brief, "ukraine-consulted", "moot", None, digest_of(brief))
    add_question(brief, "what-next", "What next?", digest_of(brief))
    removed, added = changed_lines(original, brief.read_text(encoding="utf-8"))
    assert removed == ["    status: open"]
    assert added == [
        "    status: confirmed",
        "    status: moot",
        "",
        "  - id: what-next",
        "    question: What next?",
        "    status: open",
    ]


YAML_SPECIALS = st.text(
    alphabet=list(" \t\n#:-'\"|>[]{},&*!%@`?~\\ab01\x85\u2028\ufeff\x7f\x00é"), max_size=30
)


@given(st.one_of(YAML_SPECIALS, st.text()), st.sampled_from([None, "'", '"', "|", ">"]), st.booleans())
def test_any_text_renders_as_yaml_that_reads_back(value: str, prefer: str | None, flow: bool) -> None:
    rendered = render_scalar(value, indent=4, flow=flow, prefer=prefer)
    read = read_document(f"item:\n  key: {rendered}\n").data["item"]["key"]
    if rendered.startswith("|"):
        assert read == value.rstrip("\n") + "\n"
    else:
        assert read == value

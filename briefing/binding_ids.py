"""Every key binding id of the reader, so that the config's `keys:` can be checked without
importing Textual (`briefing themes` reports config mistakes too). The bindings themselves carry
these ids; tests/test_settings.py holds this set equal to theirs."""

from __future__ import annotations

BINDING_IDS = frozenset(
    {
        "app.help",
        "app.quit",
        "app.theme",
        "brief.about",
        "brief.actors",
        "brief.add-question",
        "brief.answer",
        "brief.clear",
        "brief.copy-quote",
        "brief.edit",
        "brief.export",
        "brief.filter",
        "brief.library",
        "brief.mark-read",
        "brief.next-match",
        "brief.next-pane",
        "brief.previous-match",
        "brief.previous-pane",
        "brief.questions",
        "brief.quote-mode",
        "brief.search",
        "brief.since",
        "brief.statements",
        "brief.status",
        "brief.summary",
        "brief.timeline",
        "brief.warnings",
        "detail.back",
        "detail.copy",
        "detail.open-url",
        "detail.edit",
        "detail.follow",
        "dialog.cancel",
        "dialog.save",
        "errors.edit",
        "export.cancel",
        "filter.apply",
        "filter.cancel",
        "filter.clear",
        "filter.toggle",
        "help.close",
        "library.clear",
        "library.open",
        "library.order",
        "library.search",
        "list.bottom",
        "list.down",
        "list.open",
        "list.page-down",
        "list.page-up",
        "list.top",
        "list.up",
        "overwrite.no",
        "overwrite.yes",
        "pane.narrow",
        "since.close",
        "since.jump",
        "since.mark-read",
        "theme-picker.cancel",
        "theme-picker.save",
        "warnings.close",
        "warnings.edit",
        "warnings.jump",
    }
)


def unknown_binding_hint(binding: str) -> str:
    """What to say after an unknown id: the closest known one, else the ids of its group, else
    the groups."""
    import difflib  # only when an id is unknown

    close = difflib.get_close_matches(binding, sorted(BINDING_IDS), n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    group = binding.partition(".")[0] + "."
    same_group = sorted(known for known in BINDING_IDS if known.startswith(group))
    if same_group:
        return f"the {group[:-1]} ids are: {', '.join(same_group)}"
    groups = sorted({known.partition(".")[0] + "." for known in BINDING_IDS})
    return f"binding ids start with {', '.join(groups)}"

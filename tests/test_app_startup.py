"""Start-up work that must not outlive the start-up (issue 7)."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from briefing.app import BriefingApp

pytestmark = pytest.mark.anyio


async def test_garbage_collection_paused_for_start_up_resumes_after_the_first_frame(brief_path: Path) -> None:
    """`briefing.launch` pauses the collector while the reader starts; the app turns it back on
    once its first frame is drawn, with the start-up objects set aside (frozen)."""
    gc.disable()
    try:
        app = BriefingApp(brief_path)
        async with app.run_test() as pilot:
            await pilot.pause()
            await pilot.pause()
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.enable()


async def test_an_app_started_with_the_collector_on_leaves_it_alone(brief_path: Path) -> None:
    app = BriefingApp(brief_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        await pilot.pause()
        assert gc.isenabled()
        assert gc.get_freeze_count() == 0

"""The render helper only saves time: its failures never change the output."""

from __future__ import annotations

from pathlib import Path

import pytest

import summitfeed._incremental.helper
from summitfeed._incremental.helper import RenderHelper
from summitfeed._parallel import can_fork
from summitfeed._render.document import Fragments
from summitfeed._render.parts import DocumentParts
from tests.conftest import (
    build_to,
    read_store,
    sample_site,
    snapshot,
    write_sample_site,
)

pytestmark = pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")


def test_documents_from_the_helper_are_the_documents(tmp_path: Path) -> None:
    content = write_sample_site(tmp_path)
    started: list[RenderHelper | None] = []
    start = RenderHelper.start

    def recording_start() -> RenderHelper | None:
        helper = start()
        started.append(helper)
        return helper

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(RenderHelper, "start", staticmethod(recording_start))
        helped = build_to(content, tmp_path / "helped", site=sample_site())
    assert len(started) == 1
    assert started[0] is not None
    plain = build_to(content, tmp_path / "plain", site=sample_site())
    assert helped.files == plain.files


def test_a_helper_that_fails_leaves_the_rendering_to_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_sample_site(tmp_path)
    expected = build_to(content, tmp_path / "plain", site=sample_site())

    def broken() -> None:
        raise ImportError("no feed writers here")

    monkeypatch.setattr(summitfeed._incremental.helper, "_load_writers", broken)
    answers: list[object] = []
    receive = RenderHelper.receive

    def recording_receive(
        self: RenderHelper,
    ) -> tuple[list[DocumentParts], Fragments] | None:
        answer = receive(self)
        answers.append(answer)
        return answer

    monkeypatch.setattr(RenderHelper, "receive", recording_receive)
    report = build_to(content, tmp_path / "out", site=sample_site())
    assert answers == [None]  # the helper failed, and the build rendered
    assert report.files == expected.files
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")


def test_a_helper_that_fails_after_an_edit_leaves_the_fragments_right(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_sample_site(tmp_path)
    site = sample_site(cache_dir=str(tmp_path / "cache"))
    build_to(content, tmp_path / "out", site=site, use_cache=True)
    edited = sorted(content.rglob("*.md"))[0]
    edited.write_text(
        edited.read_text(encoding="utf-8").replace(
            "\n\n", "\n\nA new first line.\n\n", 1
        ),
        encoding="utf-8",
    )

    def broken() -> None:
        raise ImportError("no feed writers here")

    monkeypatch.setattr(summitfeed._incremental.helper, "_load_writers", broken)
    build_to(content, tmp_path / "out", site=site, use_cache=True)
    monkeypatch.undo()
    build_to(content, tmp_path / "plain", site=sample_site())
    assert snapshot(tmp_path / "out") == snapshot(tmp_path / "plain")
    assert b"A new first line." in (tmp_path / "out" / "feed.xml").read_bytes()
    # What the build rendered itself is kept for the next build.
    (store,) = (tmp_path / "cache").glob("*/fragments.store")
    kept = read_store(store)
    (edited_formats,) = [
        formats for stamp, formats in kept.items() if stamp[0] == str(edited)
    ]
    assert sorted(edited_formats) == ["atom", "json", "rss"]
    assert all(b"A new first line." in xml for xml in edited_formats.values())

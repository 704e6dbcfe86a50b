"""The one-shot tools' glossary cache: faster runs, never a stale or a failed one.

Most tests run `glossbot define` as a user would, on a glossary of their own in a folder,
and change the files between runs the way an editor or `git pull` would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from knowledge import cache
from knowledge.cache import cache_folder, load_cached
from tests.conftest import ROOT

MANIFEST = "sources:\n  - file: terms.md\n  - file: 'more/*.csv'\n"
TERMS = "# Terms\n\n## Widget\n\nA small part of a machine.\n\n## Gadget\n\nA clever device.\n"


def define(
    folder: Path, cache_dir: Path | str, *query: str, home: Path | None = None
) -> subprocess.CompletedProcess[str]:
    config = folder / "glossbot.yaml"
    config.write_text(f"glossary:\n  manifest: {folder / 'manifest.yaml'}\n")
    env = {**os.environ, "GLOSSBOT_CONFIG": str(config), "GLOSSBOT_CACHE_DIR": str(cache_dir)}
    if home is not None:
        env |= {"HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    return subprocess.run(
        [sys.executable, "-m", "adapters.cli", "define", "--json", *query],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=120,
    )


def definition(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 0, done.stderr
    answer = json.loads(done.stdout)
    return str(answer["entry"]["definition"]) if answer["status"] == "found" else "(not found)"


@pytest.fixture
def glossary(tmp_path: Path) -> Path:
    folder = tmp_path / "glossary"
    (folder / "more").mkdir(parents=True)
    (folder / "manifest.yaml").write_text(MANIFEST)
    (folder / "terms.md").write_text(TERMS)
    (folder / "more" / "a.csv").write_text("term,definition\nSprocket,A toothed wheel.\n")
    return folder


def test_an_edited_source_is_answered_from_the_new_text(glossary: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    assert definition(define(glossary, store, "widget")) == "A small part of a machine."
    assert list(store.glob("*.pickle")), "the first run keeps the parsed glossary"
    # Same length, written at once: a modification time could miss it, the content cannot.
    (glossary / "terms.md").write_text(TERMS.replace("small", "tiny!"))
    assert definition(define(glossary, store, "widget")) == "A tiny! part of a machine."


def test_a_new_or_removed_file_in_a_glob_is_seen(glossary: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    assert definition(define(glossary, store, "gizmo")) == "(not found)"
    (glossary / "more" / "b.csv").write_text("term,definition\nGizmo,A thing.\n")
    assert definition(define(glossary, store, "gizmo")) == "A thing."
    (glossary / "more" / "b.csv").unlink()
    assert definition(define(glossary, store, "gizmo")) == "(not found)"


def test_a_deleted_source_is_an_error_not_a_stale_answer(glossary: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    assert definition(define(glossary, store, "widget")) == "A small part of a machine."
    (glossary / "terms.md").unlink()
    done = define(glossary, store, "widget")
    assert done.returncode != 0 and done.stdout == ""
    assert "file not found" in done.stderr and "terms.md" in done.stderr


def test_a_snippet_that_appears_later_is_included(tmp_path: Path) -> None:
    folder = tmp_path / "glossary"
    folder.mkdir()
    (folder / "manifest.yaml").write_text("sources:\n  - file: terms.md\n")
    (folder / "terms.md").write_text('# T\n\n## Widget\n\nA part.\n\n--8<-- "extra.md"\n')
    store = tmp_path / "cache"
    assert definition(define(folder, store, "widget")) == "A part."
    (folder / "extra.md").write_text("It spins.\n")
    assert definition(define(folder, store, "widget")) == "A part.\n\nIt spins."


def test_a_corrupt_or_unwritable_cache_only_costs_time(glossary: Path, tmp_path: Path) -> None:
    store = tmp_path / "cache"
    assert definition(define(glossary, store, "widget")) == "A small part of a machine."
    for kept in store.glob("*.pickle"):
        kept.write_bytes(b"\x80\x05not a pickle at all")
    assert definition(define(glossary, store, "widget")) == "A small part of a machine."
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    done = define(glossary, blocked / "cache", "widget")
    assert definition(done) == "A small part of a machine."
    assert done.stderr == ""


def test_off_writes_nothing(
    glossary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    assert definition(define(glossary, "off", "widget", home=home)) == "A small part of a machine."
    assert list(home.rglob("*")) == []
    monkeypatch.setenv("GLOSSBOT_CACHE_DIR", "off")
    assert cache_folder() is None
    monkeypatch.delenv("GLOSSBOT_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "glossbot"


def test_a_hit_gives_the_same_glossary_without_parsing(
    glossary: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses: list[object] = []
    real = cache._parse
    monkeypatch.setattr(cache, "_parse", lambda m: parses.append(m) or real(m))
    manifest, store = glossary / "manifest.yaml", tmp_path / "cache"
    first = load_cached(manifest, store)
    second = load_cached(manifest, store)
    assert len(parses) == 1
    assert first.glossary is not None and second.glossary is not None
    assert second.glossary.entries == first.glossary.entries
    assert second.glossary.sources == first.glossary.sources
    assert second.diagnostics == first.diagnostics and second.merges == first.merges
    # A different glossbot (its parsers' code changed) never reads this one's cache.
    monkeypatch.setattr(cache, "_code", lambda: ("another version",))
    load_cached(manifest, store)
    assert len(parses) == 2


def test_a_cached_run_imports_no_parser(tmp_path: Path) -> None:
    """What makes `glossbot define` start fast: with the glossary cached, none of the
    parsers (nor markdown-it's block rules) is imported."""
    probe = (
        "import sys\n"
        "from pathlib import Path\n"
        "from knowledge.cache import load_cached\n"
        f"assert load_cached(None, Path({str(tmp_path)!r})).glossary is not None\n"
        "print(*sorted(m for m in sys.modules if m.startswith('knowledge.')))\n"
    )
    run = [sys.executable, "-c", probe]
    first = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120)
    assert "knowledge.parse.jekyll" in first.stdout.split()
    again = subprocess.run(run, capture_output=True, text=True, check=True, timeout=120)
    loaded = again.stdout.split()
    assert "knowledge.importing" not in loaded
    assert not [m for m in loaded if m.startswith("knowledge.parse.")]

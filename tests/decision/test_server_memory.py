"""The allocator settings ``decision serve`` re-runs itself with (decision/cli/server_memory.py)."""

from __future__ import annotations

import sys

import pytest

from copilote.decision.cli.server_memory import JEMALLOC_CONF, allocator_command, allocator_settings

JEMALLOC = "libjemalloc.so.2"


def test_with_jemalloc_it_is_preloaded_and_purges_after_a_second():
    assert allocator_settings(JEMALLOC) == {
        "PYTHONMALLOC": "malloc",
        "LD_PRELOAD": JEMALLOC,
        "MALLOC_CONF": JEMALLOC_CONF,
    }
    assert "dirty_decay_ms:1000" in JEMALLOC_CONF


def test_without_jemalloc_glibc_gets_a_fixed_mmap_threshold():
    assert allocator_settings(None) == {
        "PYTHONMALLOC": "malloc",
        "MALLOC_MMAP_THRESHOLD_": "131072",
    }


@pytest.mark.parametrize(
    ("argv", "environ", "platform", "added"),
    [
        (
            ["serve", "--port", "5006"],
            {"LANG": "fr_FR.UTF-8"},
            "linux",
            allocator_settings(JEMALLOC),
        ),
        # the user's own choice stands; the rest is added
        (
            ["serve"],
            {"PYTHONMALLOC": "pymalloc"},
            "linux",
            {"LD_PRELOAD": JEMALLOC, "MALLOC_CONF": JEMALLOC_CONF},
        ),
        # the re-run itself: nothing to add, so no second re-run
        (["serve"], allocator_settings(JEMALLOC), "linux", None),
        # called from Python: never replace the caller's process
        (None, {}, "linux", None),
        # the Linux loader's and glibc's variables
        (["serve"], {}, "darwin", None),
        (["serve"], {}, "win32", None),
    ],
)
def test_allocator_command(argv, environ, platform, added):
    result = allocator_command(argv, environ, JEMALLOC, platform)
    if added is None:
        assert result is None
        return
    assert result is not None
    command, env = result
    assert command == [sys.executable, "-m", "copilote", *argv]
    assert env == {**environ, **added}

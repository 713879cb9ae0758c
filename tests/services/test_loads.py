"""Loads through the service: text a caller sent leaves no folder behind, even from a killed process."""

from __future__ import annotations

import os
import subprocess
import sys

from coauthor_graph.services.loads import LOAD_FOLDER_PREFIX, remove_stale_load_folders


def test_folders_of_dead_processes_are_removed_and_live_ones_kept(tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f"{LOAD_FOLDER_PREFIX}{gone.stdout.strip()}-abc"
    live = tmp_path / f"{LOAD_FOLDER_PREFIX}{os.getpid()}-def"
    unrelated = tmp_path / "something-else"
    for folder in (dead, live, unrelated):
        folder.mkdir()
        (folder / "content").write_text('{"title": "A killed mutation\'s content"}\n')
    assert remove_stale_load_folders(tmp_path) == [dead]
    assert not dead.exists() and live.exists() and unrelated.exists()

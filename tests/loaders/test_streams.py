"""Named pipes: loaded once a writer comes, refused with a message when none does (never a hang)."""

from __future__ import annotations

import os
import threading
import time

import pytest

from coauthor_graph.domain.errors import LoadError
from coauthor_graph.loaders import streams


def test_a_pipe_is_read_once_its_writer_comes(tmp_path):
    pipe = tmp_path / "papers.jsonl"
    os.mkfifo(pipe)
    line = b'{"title": "Through a pipe", "authors": ["Ada Lovelace"]}\n'

    def write_later() -> None:
        time.sleep(0.3)  # the reader is already waiting
        with pipe.open("wb") as writer:
            writer.write(line * 3)

    writer = threading.Thread(target=write_later)
    writer.start()
    with streams.local_file(pipe) as copy:
        assert copy.read_bytes() == line * 3
    writer.join()


def test_a_pipe_nothing_writes_to_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(streams, "FIFO_WAIT_SECONDS", 0.5)
    pipe = tmp_path / "nobody.jsonl"
    os.mkfifo(pipe)
    with pytest.raises(LoadError) as refused, streams.local_file(pipe):
        pass
    assert str(pipe) in str(refused.value) and "nothing wrote to within 0.5 s" in str(refused.value)

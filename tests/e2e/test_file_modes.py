"""Files at rest are the owner's alone: a first start under the usual umask (022) creates the data
directory 0700 and the SQLite database with its WAL and shared-memory files 0600, beside the 0600
key files — other local users cannot read password hashes or keys."""

from __future__ import annotations

import os
import stat

import pytest

from harness import ON_POSTGRES, Server, base_env


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def first_start(tmp_path):
    outer = tmp_path / "outer"
    srv = Server(outer, base_env())  # its log lives in `outer`, which exists
    srv.data_dir = outer / "data"    # the server's own directory does not exist yet
    assert not srv.data_dir.exists()
    old = os.umask(0o022)
    try:
        srv.start()
    finally:
        os.umask(old)
    yield srv
    srv.stop_clean()


def test_first_start_creates_owner_only_files(first_start):
    srv = first_start
    srv.client.register()  # a write, so the WAL holds data
    data = srv.data_dir
    assert mode(data) == 0o700, oct(mode(data))
    files = [p for p in data.iterdir() if p.is_file() and not p.name.endswith(".log")]
    names = {p.name for p in files}
    if not ON_POSTGRES:
        assert {"portcullis.db", "portcullis.db-wal", "portcullis.db-shm"} <= names, names
    assert names, "the first start wrote no file"
    for p in files:
        assert mode(p) == 0o600, f"{p.name} is {oct(mode(p))}"
    for p in data.iterdir():
        if p.is_dir():
            assert mode(p) == 0o700, f"{p.name}/ is {oct(mode(p))}"

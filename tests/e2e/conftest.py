"""pytest fixtures for the Portcullis end-to-end suite (helpers and docs: harness.py).

  server          one server per test module (tests in a module share it; use unique emails)
  client          server.client
  start_server    factory: start_server(env={...}, args=[...], secret=None, fast_argon2=False,
                  database=None (a --database of its own; default: harness.ServerPool.database),
                  data_dir=..., wait=True) -> Server; stopped with SIGTERM at the end of the test,
                  and each must exit with status 0
  module_server_pool  the same factory, for module-scoped servers
  mail_sink       a started SMTP sink (mail_sink.MailSink), stopped after the test; start servers
                  with env=mail_sink.env() to send through it

Markers:
  concurrency     races, bursts and kill -9 during load: the slice scripts/test.sh also runs
                  against the ThreadSanitizer binary (`-m concurrency`)

Servers are stopped with their pool; a sanitizer report in any server's log fails the test
(harness.ServerPool.close). Every server has its own port and temp dir, so `-n 2` (xdist) is safe.
"""

import pytest

from harness import ServerPool
from mail_sink import MailSink


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "concurrency: races, bursts and kill -9 under load (also run under TSan)")


@pytest.fixture
def start_server(tmp_path):
    counter = iter(range(1000))
    pool = ServerPool(lambda: tmp_path / f"srv{next(counter)}")
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def module_server_pool(tmp_path_factory):
    pool = ServerPool(lambda: tmp_path_factory.mktemp("srv"))
    yield pool
    pool.close()


@pytest.fixture(scope="module")
def server(module_server_pool):
    return module_server_pool()


@pytest.fixture(scope="module")
def client(server):
    return server.client


@pytest.fixture
def mail_sink():
    sink = MailSink().start()
    yield sink
    sink.stop()

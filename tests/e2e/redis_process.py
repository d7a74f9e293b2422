"""A throwaway redis-server for the end-to-end suite: loopback, a free port, no persistence.

    shared_redis_url()  $PORTCULLIS_TEST_REDIS (scripts/test.sh starts one for the whole run), or
                        None
    RedisProcess()      one of the test's own, which it may stop and start again (an outage);
                        .url, .start(), .stop(); skipped (visibly) when redis-server is missing
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time

import pytest

from harness import free_port

REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def shared_redis_url():
    return os.environ.get("PORTCULLIS_TEST_REDIS") or None


class RedisProcess:
    def __init__(self):
        if not os.access(REDIS_SERVER, os.X_OK):
            pytest.skip("redis-server is not installed")
        self.port = free_port()
        self.proc = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=10):
        self.proc = subprocess.Popen(
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.02)
        pytest.fail(f"redis-server did not listen on {self.port} within {timeout}s", pytrace=False)

    def stop(self):
        """SIGKILL: like a crash, no goodbye to the clients."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

#!/usr/bin/env bash
# Installs what is needed, builds, and runs every test: the include-direction check; unit and
# conformance tests of the release, AddressSanitizer+UBSan and ThreadSanitizer builds (the store
# conformance suite on memory, SQLite and PostgreSQL); the end-to-end suite against the release
# binary twice, on SQLite and on PostgreSQL; and its concurrency slice (races, bursts, kill -9)
# against the ThreadSanitizer binary. Each build is made once and reused by every later stage.
# The image transforms are judged by Pillow (tests/media) through the release and AddressSanitizer
# builds' media_transform_tool.
# Mail tests start their own SMTP sinks (tests/e2e/mail_sink.py, python3-aiosmtpd) on free ports;
# single sign-on tests their own identity providers (tests/idp: node oidc-provider, a GitHub
# stand-in) and headless chromium.
# PostgreSQL is a throwaway cluster (scripts/postgres.sh) started once and stopped at the end; so
# is the S3-compatible server of the S3 blob store tests (tests/s3: s3rver, checked with the AWS
# SDK's client).
#   env: JOBS (build and ctest parallelism, default nproc), E2E_WORKERS (pytest-xdist workers,
#        default 2), TSAN_E2E (pytest selection for the TSan stage, default "-m concurrency";
#        "" runs the whole suite), CMAKE_CXX_COMPILER_LAUNCHER=ccache to reuse a compiler cache.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${JOBS:-$(nproc)}
workers=${E2E_WORKERS:-2}
tsan_select=${TSAN_E2E--m concurrency}
# A data race ends the process with a report (ctest: the test fails; e2e: the server exits non-zero
# and the harness fails the test with the report from the server's log).
export TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 ${TSAN_OPTIONS:-}"
stage() { printf '\n== %s (%s)\n' "$1" "$(date -u +%T)"; }

stage "dependencies"
scripts/install-deps.sh
# The single sign-on suites' identity provider and browser driver (tests/idp's pinned npm packages:
# oidc-provider, playwright-core), installed once under build/ and reused by every e2e stage; here
# those suites must run, never skip.
export PORTCULLIS_E2E_NODE_DIR="$PWD/build/e2e-node"
tests/idp/install.sh "$PORTCULLIS_E2E_NODE_DIR"
# HBP v2's own JavaScript client (nhost-js-sdk 3) for test_hbp_js_client.py.
tests/hbp-client/install.sh "$PORTCULLIS_E2E_NODE_DIR/hbp-client"
export PORTCULLIS_E2E_REQUIRE_SSO_TOOLS=1
# The S3 blob store tests' server and independent client (tests/s3's pinned npm packages: s3rver,
# @aws-sdk/client-s3); here those tests must run, never skip.
export PORTCULLIS_S3_NODE_DIR="$PWD/build/s3-node"
tests/s3/install.sh "$PORTCULLIS_S3_NODE_DIR"
export PORTCULLIS_TEST_REQUIRE_S3=1
stage "services: PostgreSQL, Redis and s3rver (throwaway, loopback)"
redis_pid=
s3_data=$(mktemp -d)
trap 'if [ -n "$redis_pid" ]; then kill "$redis_pid" 2>/dev/null || true; fi
  if [ -s "$s3_data/s3rver.pid" ]; then kill "$(cat "$s3_data/s3rver.pid")" 2>/dev/null || true; fi
  rm -rf "$s3_data"; scripts/postgres.sh stop' EXIT
PORTCULLIS_TEST_POSTGRES=$(scripts/postgres.sh start)
export PORTCULLIS_TEST_POSTGRES
echo "$PORTCULLIS_TEST_POSTGRES"
# One redis-server (free port, no persistence) for the whole run, as PORTCULLIS_TEST_REDIS; tests
# that need an outage start their own.
redis_port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --loglevel warning \
  >/dev/null 2>&1 &
redis_pid=$!
export PORTCULLIS_TEST_REDIS="redis://127.0.0.1:$redis_port/0"
# One s3rver (free port, objects in a temporary directory) for the whole run, as
# PORTCULLIS_TEST_S3=http://127.0.0.1:PORT/BUCKET (credentials S3RVER / S3RVER).
PORTCULLIS_TEST_S3=$(tests/s3/start.sh "$PORTCULLIS_S3_NODE_DIR" "$s3_data")
export PORTCULLIS_TEST_S3
echo "$PORTCULLIS_TEST_S3"
stage "include direction"
scripts/check-includes.sh
for kind in release asan tsan; do
  stage "build $kind"
  JOBS=$jobs scripts/build.sh "$kind"
done
stage "unit and conformance tests (release)"
ctest --test-dir build/release --output-on-failure -j "$jobs"
stage "unit and conformance tests (AddressSanitizer+UBSan)"
ctest --test-dir build/asan --output-on-failure -j "$jobs"
stage "unit and conformance tests (ThreadSanitizer)"
ctest --test-dir build/tsan --output-on-failure -j "$jobs"
for kind in release asan; do
  stage "image transforms judged by Pillow ($kind)"
  MEDIA_TRANSFORM_TOOL="$PWD/build/$kind/src/media/media_transform_tool" \
    /usr/bin/python3 -m pytest -q -n "$workers" tests/media
done
stage "end-to-end tests (release, SQLite)"
PORTCULLIS_BIN="$PWD/build/release/portcullis" /usr/bin/python3 -m pytest -q -n "$workers" tests/e2e
stage "end-to-end tests (release, PostgreSQL)"
E2E_DATABASE="$PORTCULLIS_TEST_POSTGRES" PORTCULLIS_BIN="$PWD/build/release/portcullis" \
  /usr/bin/python3 -m pytest -q -n "$workers" tests/e2e
stage "end-to-end concurrency slice (ThreadSanitizer: ${tsan_select:-all})"
# shellcheck disable=SC2086  # the selection is a list of pytest arguments
PORTCULLIS_BIN="$PWD/build/tsan/portcullis" /usr/bin/python3 -m pytest -q -n "$workers" $tsan_select tests/e2e
stage "done"

#!/usr/bin/env bash
# Starts a throwaway s3rver (s3rver.mjs from the installed tests/s3 packages) on a free loopback
# port with its objects under DATA_DIR and one bucket, portcullis-test; waits until it listens,
# writes its pid to DATA_DIR/s3rver.pid and prints the test endpoint for PORTCULLIS_TEST_S3
# (http://127.0.0.1:PORT/portcullis-test). Stop it with: kill "$(cat DATA_DIR/s3rver.pid)".
#   usage: tests/s3/start.sh NODE_DIR DATA_DIR
set -euo pipefail
node_dir=${1:?usage: tests/s3/start.sh NODE_DIR DATA_DIR}
data_dir=${2:?usage: tests/s3/start.sh NODE_DIR DATA_DIR}
bucket=portcullis-test
mkdir -p "$data_dir/objects"
rm -f "$data_dir/port"
NODE_NO_WARNINGS=1 node "$node_dir/s3rver.mjs" "$data_dir/objects" "$bucket" \
  >"$data_dir/port" 2>"$data_dir/s3rver.log" &
echo $! >"$data_dir/s3rver.pid"
for _ in $(seq 200); do
  if [ -s "$data_dir/port" ]; then
    echo "http://127.0.0.1:$(head -n 1 "$data_dir/port")/$bucket"
    exit 0
  fi
  if ! kill -0 "$(cat "$data_dir/s3rver.pid")" 2>/dev/null; then break; fi
  sleep 0.1
done
echo "s3rver did not start:" >&2
cat "$data_dir/s3rver.log" >&2
kill "$(cat "$data_dir/s3rver.pid")" 2>/dev/null || true
exit 1

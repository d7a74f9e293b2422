"""The operator listener: /metrics, /health and /ready on metrics_listen (its own address, never
the API); on the main listener /metrics answers only to "Authorization: Bearer <metrics_token>"
and is 404 without a token set; /health and /ready stay public on both; `off` disables the
listener; a listener that cannot bind stops the start with one line naming the setting."""

import subprocess

import requests

from harness import BIN, base_env, free_port

TOKEN = "e2e-metrics-token-0123456789"


def test_operator_listener_serves_metrics_health_and_ready(server):
    base = server.metrics_url
    assert base and base != server.url
    r = requests.get(base + "/metrics", timeout=10)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain")
    assert "portcullis_http_requests_total" in r.text
    assert r.headers.get("X-Content-Type-Options") == "nosniff"
    assert requests.get(base + "/health", timeout=10).status_code == 204
    r = requests.get(base + "/ready", timeout=10)
    assert r.status_code == 200 and r.json() == {"status": "ready"}


def test_operator_listener_does_not_serve_the_api(server):
    base = server.metrics_url
    assert requests.post(base + "/v1/auth/login", json={}, timeout=10).status_code == 404
    assert requests.get(base + "/.well-known/jwks.json", timeout=10).status_code == 404


def test_main_listener_has_no_metrics_without_a_token(server):
    r = requests.get(server.url + "/metrics", timeout=10)
    assert r.status_code == 404, r.text
    assert "portcullis_" not in r.text
    assert requests.get(server.url + "/metrics", timeout=10,
                        headers={"Authorization": "Bearer anything-at-all-123"}).status_code == 404
    assert requests.get(server.url + "/health", timeout=10).status_code == 204
    assert requests.get(server.url + "/ready", timeout=10).status_code == 200


def test_main_listener_metrics_need_the_token(start_server):
    srv = start_server(env={"PORTCULLIS_METRICS_TOKEN": TOKEN})
    url = srv.url + "/metrics"
    assert requests.get(url, timeout=10).status_code == 401
    wrong = requests.get(url, timeout=10, headers={"Authorization": "Bearer " + TOKEN[:-1] + "x"})
    assert wrong.status_code == 401
    assert "portcullis_" not in wrong.text
    r = requests.get(url, timeout=10, headers={"Authorization": "Bearer " + TOKEN})
    assert r.status_code == 200, r.text
    assert "portcullis_http_requests_total" in r.text
    assert requests.get(srv.metrics_url + "/metrics", timeout=10).status_code == 200
    assert requests.get(srv.url + "/health", timeout=10).status_code == 204
    srv.stop_clean()
    assert TOKEN not in srv.read_log(), "the metrics token is in the log"


def test_listener_off(start_server):
    srv = start_server(env={"PORTCULLIS_METRICS_LISTEN": "off"})
    assert srv.metrics_url is None
    assert "metrics listening" not in srv.read_log()
    assert requests.get(srv.url + "/metrics", timeout=10).status_code == 404
    assert requests.get(srv.url + "/health", timeout=10).status_code == 204


def test_bind_failure_stops_the_start_naming_the_setting(server, tmp_path):
    taken = server.metrics_url.rsplit(":", 1)[1]
    cmd = [BIN, "serve", "--listen", f"127.0.0.1:{free_port()}", "--database",
           f"sqlite:{tmp_path}/portcullis.db", "--data-dir", str(tmp_path)]
    p = subprocess.run(cmd, env=base_env({"PORTCULLIS_METRICS_LISTEN": f"127.0.0.1:{taken}"}),
                       capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert p.returncode != 0
    lines = [line for line in p.stderr.strip().splitlines() if "metrics" in line]
    assert len(lines) == 1, p.stderr
    assert "metrics_listen" in lines[0] and "in use" in lines[0].lower(), p.stderr


def test_bad_listen_value_is_refused(tmp_path):
    cmd = [BIN, "serve", "--listen", f"127.0.0.1:{free_port()}", "--database",
           f"sqlite:{tmp_path}/portcullis.db", "--data-dir", str(tmp_path)]
    p = subprocess.run(cmd, env=base_env({"PORTCULLIS_METRICS_LISTEN": "nowhere"}),
                       capture_output=True, text=True, timeout=30, stdin=subprocess.DEVNULL)
    assert p.returncode != 0
    assert "metrics_listen" in p.stderr.replace("-", "_"), p.stderr

"""The process model every responder shares, exercised on a real socket with libfcgi's own client
(cgi-fcgi) and through nginx: socket safety, respawn, crash loops, graceful stop, inherited sockets."""
import os
import signal
import stat
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import fastcgi, paths
from harness.fastcgi import ResponderProcess
from harness.processes import alive, wait_until


@pytest.fixture
def probe():
    responder = ResponderProcess("fcgi-probe", args=["--workers", "2", "--threads", "4", "--grace-seconds", "5"])
    responder.start()
    yield responder
    responder.kill()


def test_socket_is_created_0660_and_removed_on_stop(probe):
    mode = stat.S_IMODE(os.stat(probe.socket_path).st_mode)
    assert mode == 0o660
    assert probe.terminate() == 0
    assert not os.path.exists(probe.socket_path)


def test_a_second_instance_refuses_a_live_socket(probe):
    second = subprocess.run([str(paths.binary("fcgi-probe")), "--socket", probe.socket_path],
                            capture_output=True, text=True, timeout=10)
    assert second.returncode != 0
    assert "being served by a running process" in second.stderr
    assert probe.get("/probe/echo").status == 200, "the first instance must keep its socket"


def test_a_stale_socket_left_by_a_crash_is_replaced(probe):
    path = probe.socket_path
    probe.kill()  # kill -9: the socket file stays behind
    assert os.path.exists(path)
    again = ResponderProcess("fcgi-probe", socket_path=path).start()
    try:
        assert again.get("/probe/echo").status == 200
    finally:
        again.kill()


def test_runtime_parses_parameters_headers_and_user(probe):
    response = probe.get("/probe/echo/?q=John+Smith&q=x&name=%C3%A9", extra={
        "HTTP_X_REQUEST_ID": "r-1", "REMOTE_USER": "operator", "REQUEST_URI": "/probe/echo?q=John+Smith&q=x&name=%C3%A9"})
    assert response.status == 200
    import json
    body = json.loads(response.body)
    assert body["query"] == [["q", "John Smith"], ["q", "x"], ["name", "é"]]
    assert body["headers"]["x-request-id"] == "r-1"
    assert body["remoteUser"] == "operator"


def test_responder_answers_its_own_errors_as_json(probe):
    import json
    not_found = probe.get("/probe/nothing")
    assert not_found.status == 404 and json.loads(not_found.body)["error"]["code"] == "not_found"
    wrong = probe.get("/probe/slow", method="DELETE")
    assert wrong.status == 405 and wrong.headers["allow"] == "GET, HEAD"
    big = probe.get("/probe/echo", method="POST", body=b"x" * 2000)
    assert big.status == 413 and json.loads(big.body)["error"]["code"] == "body_too_large"
    fine = probe.get("/probe/echo", method="POST", body=b"x" * 1000)
    assert fine.status == 200 and json.loads(fine.body)["bodyBytes"] == 1000
    failed = probe.get("/probe/fail")
    assert failed.status == 500 and json.loads(failed.body)["error"]["code"] == "internal_error"
    assert "handler_failed" in probe.log()


def test_a_killed_worker_is_replaced(probe):
    before = set(probe.workers())
    victim = sorted(before)[0]
    os.kill(victim, signal.SIGKILL)
    replaced = fastcgi.wait_for_new_workers(probe, before, 1)
    assert len(probe.workers()) == 2 and victim not in probe.workers()
    assert "worker_died" in probe.log() and "SIGKILL" in probe.log()
    assert replaced
    assert all(probe.get("/probe/echo").status == 200 for _ in range(20))


def test_sigterm_lets_an_in_flight_request_finish_then_exits_cleanly(probe):
    result = {}

    def slow():
        result["response"] = probe.get("/probe/slow?ms=1500")

    client = threading.Thread(target=slow)
    client.start()
    time.sleep(0.4)
    started = time.monotonic()
    assert probe.terminate(timeout=10) == 0
    client.join(10)
    assert result["response"].status == 200, result
    assert b'"sleptMs":1500' in result["response"].body
    assert time.monotonic() - started < 5
    assert not os.path.exists(probe.socket_path)
    assert "worker_draining" in probe.log() and "supervisor_stopped" in probe.log()


def test_sighup_replaces_every_worker_without_dropping_the_socket(probe):
    # Reloads in quick succession are replacements, never counted as a crash loop.
    for _ in range(6):
        before = set(probe.workers())
        os.kill(probe.pid, signal.SIGHUP)
        fastcgi.wait_for_new_workers(probe, before, 2)
        assert probe.get("/probe/echo").status == 200
    assert probe.process.poll() is None
    assert "worker_replaced" in probe.log() and "crash_loop" not in probe.log()


def test_a_crash_loop_makes_the_supervisor_give_up_loudly():
    looping = ResponderProcess("fcgi-probe", env={"PROBE_FAIL_AT_START": "1"}).start(wait=False)
    status = looping.process.wait(timeout=30)
    assert status == 1
    assert "crash_loop" in looping.log() and "supervisor_gave_up" in looping.log()
    assert not os.path.exists(looping.socket_path)


def test_serves_a_socket_inherited_on_fd0_from_spawn_fcgi(tmp_path):
    path = str(tmp_path / "spawned.sock")
    process = subprocess.Popen(["spawn-fcgi", "-n", "-s", path, "-M", "0660", "--",
                                str(paths.binary("fcgi-probe")), "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: os.path.exists(path), 10, message="spawn-fcgi socket")
        response = wait_until(lambda: (r := fastcgi.request(path, "/probe/echo")).status == 200 and r, 10,
                              message="an answer on the inherited socket")
        assert b'"method":"GET"' in response.body
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


def test_serves_a_systemd_activated_socket(tmp_path):
    path = str(tmp_path / "activated.sock")
    process = subprocess.Popen(["systemd-socket-activate", "-l", path, "--",
                                str(paths.binary("fcgi-probe")), "--workers", "1"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_until(lambda: os.path.exists(path), 10, message="activation socket")
        response = fastcgi.request(path, "/probe/echo")
        assert response.status == 200
    finally:
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=15) == 0


def test_killing_a_health_worker_under_load_keeps_requests_succeeding(stack):
    before = set(stack.workers("contacts-health"))
    session = stack.session()
    assert session.get(stack.base + "/api/contacts/health").status_code == 200
    os.kill(sorted(before)[0], signal.SIGKILL)

    def one(_):
        return stack.session().get(stack.base + "/api/contacts/health", timeout=10).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(one, range(200)))
    assert statuses.count(200) == len(statuses), statuses
    wait_until(lambda: len(stack.workers("contacts-health")) == 2, 10, message="a replacement worker")
    assert set(stack.workers("contacts-health")) != before


def test_more_concurrent_clients_than_threads_never_stall(stack):
    """The keep-alive trap: with pooled connections pinning threads, new connections could wait
    for an idle one to time out. 96 clients against 64 threads and a pool of 32 must all be served
    promptly."""
    import time as clock

    def client(_):
        session = stack.session()
        worst = 0.0
        for _ in range(10):
            started = clock.monotonic()
            assert session.get(stack.base + "/api/contacts/health", timeout=10).status_code == 200
            worst = max(worst, clock.monotonic() - started)
        return worst

    with ThreadPoolExecutor(96) as pool:
        worst = max(pool.map(client, range(96)))
    assert worst < 5, f"a request waited {worst:.1f} s"

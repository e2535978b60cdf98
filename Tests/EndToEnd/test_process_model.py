"""The process model every responder shares, exercised on a real socket with libfcgi's own client
(cgi-fcgi) and through nginx: socket safety, respawn, back-off that never gives up, status files,
graceful stop, orphaned workers, inherited sockets."""
import json
import os
import re
import signal
import stat
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

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


def status_file(responder: ResponderProcess) -> dict | None:
    """The supervisor's status file, next to the socket it created."""
    path = Path(responder.socket_path).parent / f"{responder.name}.status"
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def backoff_delays(log: str) -> list[float]:
    return [float(match) for match in re.findall(r"event=worker_backoff .*?delay_s=([0-9.]+)", log)]


def test_a_crash_loop_backs_off_and_never_gives_up():
    looping = ResponderProcess("fcgi-probe", args=["--workers", "1"], env={"PROBE_FAIL_AT_START": "1"}).start(wait=False)
    try:
        # 0.1 + 0.2 + 0.4 + 0.8 + 1.6 s: the sixth start comes ~3 s after the first.
        wait_until(lambda: len(backoff_delays(looping.log())) >= 6, 20, message="six back-offs")
        delays = backoff_delays(looping.log())
        assert delays[:6] == [0.1, 0.2, 0.4, 0.8, 1.6, 3.2], delays
        assert looping.process.poll() is None, "the supervisor must never give up"
        assert "supervisor_gave_up" not in looping.log()
        assert stat.S_ISSOCK(os.stat(looping.socket_path).st_mode), "the socket stays open while backing off"
        status = status_file(looping)
        assert status["state"] == "backing_off" and status["reason"] == "worker_crash_loop", status
        assert status["deaths"] >= 6
        assert stat.S_IMODE(os.stat(Path(looping.socket_path).parent / "fcgi-probe.status").st_mode) == 0o640
    finally:
        looping.kill()


def test_a_configuration_error_is_retried_and_a_fix_is_picked_up(tmp_path):
    marker = tmp_path / "broken"
    marker.write_text("until an operator fixes it")
    responder = ResponderProcess("fcgi-probe", args=["--workers", "2"],
                                 env={"PROBE_MISCONFIGURED_WHILE": str(marker)}).start(wait=False)
    try:
        wait_until(lambda: (status_file(responder) or {}).get("state") == "misconfigured", 10,
                   message="status misconfigured")
        assert status_file(responder)["reason"] == "worker_configuration_error"
        assert "worker_misconfigured" in responder.log() and "configuration_invalid" in responder.log()
        wait_until(lambda: len(backoff_delays(responder.log())) >= 6, 10, message="retries with back-off")
        assert responder.process.poll() is None, "a configuration error must not stop the responder for good"
        assert os.path.exists(responder.socket_path)

        # The operator fixes the configuration and reloads: the retry is immediate, not after the back-off.
        marker.unlink()
        os.kill(responder.pid, signal.SIGHUP)
        response = wait_until(lambda: (r := responder.get("/probe/echo", timeout=10)).status == 200 and r, 10,
                              message="an answer once fixed")
        assert b'"method":"GET"' in response.body
        # Back to ok once the new workers have stayed up (10 s).
        wait_until(lambda: (status_file(responder) or {}).get("state") == "ok", 20, message="status ok again")
        assert "worker_recovered" in responder.log()
    finally:
        responder.kill()


def test_workers_stop_when_their_supervisor_is_killed(probe):
    workers = probe.workers()
    assert len(workers) == 2
    os.kill(probe.pid, signal.SIGKILL)
    probe.process.wait()
    # The parent-death signal (SIGTERM) makes them drain and leave instead of serving on, orphaned.
    wait_until(lambda: not any(alive(pid) for pid in workers), 10, message="orphaned workers to stop")


def test_a_status_file_says_ok_and_is_removed_on_stop(probe):
    path = Path(probe.socket_path).parent / "fcgi-probe.status"
    wait_until(lambda: status_file(probe), 5, message="status file")
    status = status_file(probe)
    assert status["state"] == "ok" and status["responder"] == "fcgi-probe"
    assert probe.terminate() == 0
    assert not path.exists()


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

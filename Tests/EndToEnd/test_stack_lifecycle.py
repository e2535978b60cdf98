"""`nginx/stack run` as a newcomer uses it: it starts, refuses busy ports, and on SIGTERM stops
everything it started, leaving no process or socket behind."""
import os
import subprocess

from harness import paths
from harness.processes import pids_running
from harness.stack import Stack


def test_stop_leaves_no_process_or_socket_behind():
    stack = Stack().start()
    try:
        runtime = stack.runtime_dir
        socket = stack.socket("contacts-health")
        supervisor = stack.supervisor_pid("contacts-health")
        workers = stack.workers("contacts-health")
        assert socket.exists() and len(workers) == 2
        assert "hubspot-fcgi is running at" in stack.log()
        status = stack.stop()
        assert status == 0, stack.log()
        assert not socket.exists()
        assert not runtime.exists()
        for pid in [supervisor, *workers]:
            assert not os.path.exists(f"/proc/{pid}"), f"process {pid} outlived the stack"
        assert not [pid for pid in pids_running("nginx")
                    if str(stack.state_dir) in open(f"/proc/{pid}/cmdline").read()]
    finally:
        stack.stop()
        stack.cleanup()


def test_a_busy_port_is_one_clear_error():
    first = Stack().start()
    try:
        env = {**os.environ, "STATE_DIR": str(first.state_dir / "second"), "HTTPS_PORT": str(first.https_port),
               "HTTP_PORT": str(first.http_port), "BIN_DIR": str(paths.BIN_DIR),
               "STACK_SKIP_INSTALL": "1", "STACK_SKIP_BUILD": "1"}
        second = subprocess.run([str(paths.STACK_SCRIPT), "run"], env=env, capture_output=True, text=True,
                                timeout=60, stdin=subprocess.DEVNULL)
        assert second.returncode != 0
        assert "already in use" in second.stderr
        assert first.get("/api/contacts/health").status_code == 200
    finally:
        first.stop()
        first.cleanup()

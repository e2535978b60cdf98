"""`nginx/stack run` as a newcomer uses it: it starts, refuses busy ports, and on SIGTERM stops
everything it started, leaving no process or socket behind."""
import grp
import os
import pwd
import subprocess
from pathlib import Path

import pytest

from harness import paths
from harness.openphone import query_db
from harness.ports import free_port
from harness.processes import command_line, pids_running
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
        # Nor the stack-wide rate bucket in /dev/shm, whose page names the cache file at byte 64.
        cache_file = str(stack.state_dir / "cache" / "contacts.cache").encode()
        assert not [page for page in Path("/dev/shm").glob("hubspot-fcgi-rate-*")
                    if page.read_bytes()[64:].split(b"\0", 1)[0] == cache_file]
        for pid in [supervisor, *workers]:
            assert not os.path.exists(f"/proc/{pid}"), f"process {pid} outlived the stack"
        assert not [pid for pid in pids_running("nginx")
                    if any(str(stack.state_dir) in arg for arg in command_line(pid))]
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


def test_a_second_run_on_the_same_state_directory_is_refused():
    first = Stack().start()
    try:
        ports = {name: str(free_port()) for name in ("HTTPS_PORT", "HTTP_PORT", "HUBSPOT_EMULATOR_PORT")}
        env = {**os.environ, "STATE_DIR": str(first.state_dir), "BIN_DIR": str(paths.BIN_DIR),
               "STACK_SKIP_INSTALL": "1", "STACK_SKIP_BUILD": "1", **ports}
        second = subprocess.run([str(paths.STACK_SCRIPT), "run"], env=env, capture_output=True, text=True,
                                timeout=60, stdin=subprocess.DEVNULL)
        assert second.returncode != 0
        assert "another 'nginx/stack run' is using STATE_DIR" in second.stderr, second.stderr
        # The first one is untouched: same sockets, still answering.
        assert first.socket("contacts-lookup").exists()
        assert first.get("/api/contacts/health").status_code == 200
    finally:
        first.stop()
        first.cleanup()


def test_sample_deliveries_never_reach_a_store_that_talks_to_real_hubspot():
    # A real token and a real webhook secret: the demo must not write its samples into this inbox,
    # even when DEMO_DELIVERIES=1 is left in the environment.
    real = Stack({"HUBSPOT_ACCESS_TOKEN": "pat-e2e-not-used", "HUBSPOT_BASE_URL": "http://127.0.0.1:9",
                  "OPENPHONE_WEBHOOK_SECRET": "whsec_" + "A" * 43 + "=", "DEMO_DELIVERIES": "1"}).start()
    try:
        assert "replaying sample OpenPhone deliveries" not in real.log()
        assert query_db(real, "SELECT COUNT(*) FROM messages")[0][0] == 0
    finally:
        real.stop()
        real.cleanup()


def status_field(pid: int, field: str) -> list[str]:
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(field + ":"):
            return line.split()[1:]
    raise KeyError(field)


@pytest.mark.skipif(os.geteuid() != 0, reason="only a root stack drops privileges")
def test_as_root_the_responders_run_unprivileged_behind_a_group_of_their_own(stack):
    account = pwd.getpwnam("hubspot-fcgi-stack")
    group = grp.getgrnam("hubspot-fcgi-stack")
    assert "www-data" in group.gr_mem, "nginx's workers must be in the sockets' group"
    for responder in ["contacts-health", "contacts-lookup", "openphone-webhook", "contacts-create"]:
        supervisor = stack.supervisor_pid(responder)
        for pid in [supervisor, *stack.workers(responder)]:
            assert status_field(pid, "Uid") == [str(account.pw_uid)] * 4, (responder, pid)
            assert status_field(pid, "Gid")[0] == str(group.gr_gid)
        socket = stack.socket(responder).stat()
        assert socket.st_gid == group.gr_gid and socket.st_mode & 0o777 == 0o660, (responder, oct(socket.st_mode))
    # A www-data process that is not nginx (PHP-FPM, say) is no longer let in: it is not in the group.
    www = pwd.getpwnam("www-data")
    assert grp.getgrgid(stack.socket("contacts-admin").stat().st_gid).gr_name != "www-data"
    assert www.pw_gid != group.gr_gid
    # What the unprivileged account may not read: credentials and the TLS key stay root's.
    for secret in [stack.state_dir / "auth", stack.state_dir / "tls"]:
        info = secret.stat()
        assert info.st_uid == 0 and info.st_mode & 0o077 == 0, secret

"""`nginx/stack cluster` as a newcomer runs it: a PostgreSQL and a Redis of its own and two hosts
against them; the sample deliveries host A replays are listed on host B, both hosts' health shows
the cluster, no password is printed, and SIGTERM stops everything it started."""
import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import requests

from harness import paths
from harness.ports import free_ports
from harness.processes import wait_until


def test_nginx_stack_cluster_runs_two_hosts_on_one_store_and_stops_cleanly():
    state = Path(tempfile.mkdtemp(prefix="hubspot-fcgi-cluster-"))
    https_a, http_a, https_b, http_b, hubspot, openphone_a, openphone_b, pg, redis = free_ports(9)
    env = {**os.environ, "STATE_DIR": str(state), "BIN_DIR": str(paths.BIN_DIR),
           "STACK_SKIP_INSTALL": "1", "STACK_SKIP_BUILD": "1",
           "HTTPS_PORT": str(https_a), "HTTP_PORT": str(http_a),
           "CLUSTER_B_HTTPS_PORT": str(https_b), "CLUSTER_B_HTTP_PORT": str(http_b),
           "HUBSPOT_EMULATOR_PORT": str(hubspot), "OPENPHONE_EMULATOR_PORT": str(openphone_a),
           "CLUSTER_B_OPENPHONE_EMULATOR_PORT": str(openphone_b),
           "CLUSTER_POSTGRES_PORT": str(pg), "CLUSTER_REDIS_PORT": str(redis), "CONTACTS_SYNC_INTERVAL": "0"}
    process = subprocess.Popen([str(paths.STACK_SCRIPT), "cluster"], env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    output, ready = [], threading.Event()

    def collect():
        for line in process.stdout:
            output.append(line)
            if line.strip() == "cluster: ready":
                ready.set()
    threading.Thread(target=collect, daemon=True).start()
    try:
        assert ready.wait(180), "".join(output[-60:])
        cluster = state / "cluster"
        operator = ("operator", (cluster / "operator-password").read_text().strip())

        def get(host: str, port: int, path: str, auth=None):
            return requests.get(f"https://localhost:{port}{path}", auth=auth, timeout=10,
                                verify=str(cluster / f"host-{host}" / "tls" / "ca.crt"))

        # Host A replayed the sample deliveries into the shared store: host B lists them, named.
        def listed_on_b():
            response = get("b", https_b, "/api/messages/conversations?limit=10", auth=operator)
            return response.status_code == 200 and len(response.json()["conversations"]) >= 3 and response.json()
        page = wait_until(listed_on_b, 30, message="the sample conversations on host B")
        assert any(row["name"] for row in page["conversations"])
        for host, port in (("a", https_a), ("b", https_b)):
            health = get(host, port, "/api/contacts/health").json()
            assert health["status"] == "ok" and health["cluster"] == {"hosts": 2, "redis": "ok"}, health
        secrets = [(cluster / name).read_text().strip() for name in
                   ("postgres-password", "redis-password", "operator-password", "admin-password")]
        assert not any(secret in "".join(output) for secret in secrets)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        status = process.wait(60)
    assert status == 0, "".join(output[-40:])
    # Nothing it started is left: no PostgreSQL, Redis or host process under its state directory.
    time.sleep(0.5)
    leftovers = subprocess.run(["pgrep", "-f", str(state)], capture_output=True, text=True).stdout.split()
    assert leftovers == [], subprocess.run(["ps", "-o", "pid,args", "-p", ",".join(leftovers)],
                                           capture_output=True, text=True).stdout
    subprocess.run(["rm", "-rf", str(state)])

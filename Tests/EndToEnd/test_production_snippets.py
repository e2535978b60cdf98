"""The production install path: the snippets `nginx/stack render` writes, included in a minimal
server block of a separate nginx, work on their own — and a responder that is not running is a
JSON 502, not nginx's HTML page."""
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from harness import paths
from harness.fastcgi import ResponderProcess
from harness.ports import free_port
from harness.processes import wait_until
from test_responder_list import listed_responders


HOST_CREDENTIALS = {"operator": ("desk", "operator-password-0123"), "admin": ("root-admin", "admin-password-45678")}


@pytest.fixture
def host_nginx(tmp_path):
    snippets = tmp_path / "snippets"
    run_dir = tmp_path / "sockets"          # no responder listens here
    auth_dir = tmp_path / "auth"
    for directory in (snippets, run_dir, auth_dir, tmp_path / "logs", tmp_path / "temp"):
        directory.mkdir()
    subprocess.run([str(paths.STACK_SCRIPT), "render", str(snippets)], check=True, capture_output=True,
                   env={**os.environ, "RUN_DIR": str(run_dir), "AUTH_DIR": str(auth_dir), "CONF_DIR": str(snippets)})
    # Each realm's credential check, written as the package's setup-credentials writes it.
    for realm, (user, password) in HOST_CREDENTIALS.items():
        subprocess.run(["bash", "-c", 'fail() { echo "$*" >&2; exit 1; }; source "$0"; credential_check "$1" "$2" "$3" > "$4"',
                        str(paths.STACK_SCRIPT.parent / "lib" / "password-hash.sh"), realm, user, password,
                        str(auth_dir / f"{realm}.credential.conf")], check=True)
    port = free_port()
    user = "user root root;" if os.getuid() == 0 else ""
    (tmp_path / "nginx.conf").write_text(f"""
{user}
worker_processes 1;
pid {tmp_path}/nginx.pid;
error_log {tmp_path}/logs/error.log;
events {{ worker_connections 64; }}
http {{
    client_body_temp_path {tmp_path}/temp;
    access_log off;
    include {snippets}/hubspot-fcgi-http.conf;
    server {{
        listen 127.0.0.1:{port};
        location / {{ return 200 "the host's own site\\n"; }}
        include {snippets}/hubspot-fcgi-locations.conf;
    }}
}}
""")
    subprocess.run(["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")], check=True)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: _answers(base), 5, message="the host nginx")
    yield HostNginx(base, auth_dir, tmp_path)
    subprocess.run(["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-s", "stop"])


@dataclass
class HostNginx:
    base: str
    auth_dir: Path
    prefix: Path

    def reload(self):
        """`nginx -s reload`, and waits until the old worker is gone (the new one then answers)."""
        master = (self.prefix / "nginx.pid").read_text().strip()
        workers = lambda: set(subprocess.run(["pgrep", "-P", master], capture_output=True, text=True).stdout.split())
        before = workers()
        subprocess.run(["nginx", "-p", str(self.prefix), "-c", str(self.prefix / "nginx.conf"), "-s", "reload"],
                       check=True)
        wait_until(lambda: not (before & workers()), 10, message="nginx's old workers to leave")


def _answers(base):
    try:
        return requests.get(base + "/", timeout=1).status_code == 200
    except requests.RequestException:
        return False


def test_the_host_keeps_its_own_locations(host_nginx):
    assert requests.get(host_nginx.base + "/", timeout=5).text == "the host's own site\n"


def test_a_stopped_responder_is_a_json_502(host_nginx):
    response = requests.get(host_nginx.base + "/api/contacts/health", timeout=5)
    assert response.status_code == 502
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "responder_unavailable"


def test_our_prefixes_answer_json_404s_inside_the_host(host_nginx):
    response = requests.get(host_nginx.base + "/api/contacts/nothing", timeout=5)
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_contact_data_needs_the_operator_realm_inside_the_host(host_nginx):
    response = requests.get(host_nginx.base + "/api/contacts/lookup/+19025551234", timeout=5)
    assert response.status_code == 401
    assert 'realm="hubspot-fcgi operator"' in response.headers["WWW-Authenticate"]


def test_every_listed_responder_is_routed_with_its_access(host_nginx):
    # No responder runs: a location nginx lets through answers the JSON 502, a guarded one asks
    # for its realm's credentials first.
    for name, responder in listed_responders().items():
        for location in responder.locations:
            uri = location + "x" if location.endswith("/") else location
            response = requests.get(host_nginx.base + uri, timeout=5)
            if responder.access in ("operator", "admin"):
                assert response.status_code == 401, (name, uri)
                assert response.headers["WWW-Authenticate"] == f'Basic realm="hubspot-fcgi {responder.access}"'
            else:
                assert response.status_code == 502, (name, uri)
                assert response.json()["error"]["code"] == "responder_unavailable"


@pytest.mark.parametrize("realm,uri", [("operator", "/api/contacts/lookup/+19025551234"),
                                       ("admin", "/api/contacts/cache/stats")])
def test_a_realm_lets_through_its_own_credential_and_nothing_else(host_nginx, realm, uri):
    user, password = HOST_CREDENTIALS[realm]
    other_user, other_password = HOST_CREDENTIALS["admin" if realm == "operator" else "operator"]
    # Through to the (stopped) responder: nginx's JSON 502, not a 401.
    assert requests.get(host_nginx.base + uri, auth=(user, password), timeout=5).status_code == 502
    refused = [(user, password + "x"), (user, password[:-1]), (user.upper(), password), (other_user, other_password),
               (user, ""), (user + ":" + password, "")]
    for attempt in refused:
        response = requests.get(host_nginx.base + uri, auth=attempt, timeout=5)
        assert response.status_code == 401, attempt
        assert response.json()["error"]["code"] == "unauthorized"
        assert response.headers["WWW-Authenticate"] == f'Basic realm="hubspot-fcgi {realm}"'
    for header in ["Bearer " + password, "Basic", "Basic !!!", "Basic " + "A" * 4000]:
        assert requests.get(host_nginx.base + uri, headers={"Authorization": header}, timeout=5).status_code == 401, header


def test_a_realm_whose_credential_check_is_missing_refuses_everyone_and_nginx_keeps_running(host_nginx):
    # An upgrade unpacks the snippets before its postinst writes the checks: nginx must not fail
    # to start or reload in between, and must not let anyone in either.
    user, password = HOST_CREDENTIALS["operator"]
    (host_nginx.auth_dir / "operator.credential.conf").unlink()
    host_nginx.reload()
    response = requests.get(host_nginx.base + "/api/contacts/lookup/+19025551234", auth=(user, password), timeout=5)
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"
    assert requests.get(host_nginx.base + "/inbox/", auth=(user, password), timeout=5).status_code == 401
    assert requests.get(host_nginx.base + "/", timeout=5).text == "the host's own site\n"
    admin, admin_password = HOST_CREDENTIALS["admin"]
    assert requests.get(host_nginx.base + "/api/contacts/cache/stats", auth=(admin, admin_password),
                        timeout=5).status_code == 502, "the other realm is unaffected"


def test_a_responder_cannot_redirect_a_request_into_another_realm(host_nginx):
    # The password check holds for the whole request, so an internal redirect from an operator
    # location to an admin one would skip the admin's check: nginx ignores X-Accel-Redirect.
    probe = ResponderProcess("fcgi-probe", args=["--workers", "1", "--threads", "2"],
                             socket_path=str(host_nginx.prefix / "sockets" / "contacts-lookup.sock")).start()
    try:
        user, password = HOST_CREDENTIALS["operator"]
        response = requests.get(host_nginx.base + "/api/contacts/lookup/+19025551234", auth=(user, password), timeout=5)
        assert response.status_code == 200 and response.json() == {"probe": "accel-redirect"}
        assert "X-Accel-Redirect" not in response.headers
    finally:
        probe.terminate()

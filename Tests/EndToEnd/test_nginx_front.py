"""nginx in front of the responders: TLS, redirect, routing, JSON errors, headers, access log."""
import json
import ssl
import socket

import pytest
import requests

from harness import openapi
from harness.processes import wait_until


def error_of(response):
    assert response.headers["Content-Type"].startswith("application/json"), response.text
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]


def test_tls_is_served_with_the_generated_ca(stack):
    context = ssl.create_default_context(cafile=stack.ca)
    with socket.create_connection(("127.0.0.1", stack.https_port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
            names = [value for kind, value in tls.getpeercert()["subjectAltName"]]
            assert "localhost" in names and "127.0.0.1" in names


def test_an_untrusted_client_refuses_the_certificate(stack):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(stack.base + "/api/contacts/health", timeout=5)


def test_plain_http_redirects_to_https(stack):
    response = requests.get(f"http://127.0.0.1:{stack.http_port}/api/contacts/health?x=1",
                            allow_redirects=False, timeout=5)
    assert response.status_code == 301
    assert response.headers["Location"] == f"https://127.0.0.1:{stack.https_port}/api/contacts/health?x=1"


def test_health_answers_ok_as_documented(stack, healthy_hubspot):
    # "ok" once the connection monitor's next check (every second here) has seen HubSpot healthy:
    # a fault an earlier test injected may still be its last result.
    def reports_ok():
        response = stack.get("/api/contacts/health")
        return response.headers.get("Content-Type", "").startswith("application/json") \
            and response.json().get("status") == "ok"
    wait_until(reports_ok, timeout=10, message="health to report ok with HubSpot healthy")
    response = stack.get("/api/contacts/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["uptimeSeconds"] >= 0
    assert body["workers"] == 2 and body["threadsPerWorker"] == 32
    assert response.headers["Cache-Control"] == "no-store"
    openapi.validate(response)


def test_head_on_health_has_no_body(stack):
    response = stack.request("HEAD", "/api/contacts/health")
    assert response.status_code == 200
    assert response.content == b""


@pytest.mark.parametrize("header,value", [
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "no-referrer"),
    ("Strict-Transport-Security", "max-age=31536000"),
])
def test_security_headers_on_success_and_errors(stack, header, value):
    assert stack.get("/api/contacts/health").headers.get(header) == value
    assert stack.get("/api/contacts/no-such-thing").headers.get(header) == value


def test_server_version_is_not_advertised(stack):
    assert stack.get("/api/contacts/health").headers["Server"] == "nginx"


@pytest.mark.parametrize("path", ["/api/contacts/no-such-thing", "/api/messages/x", "/etc/passwd"])
def test_unknown_paths_are_json_404_from_nginx(stack, path):
    response = stack.get(path)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


def test_wrong_method_is_json_405_with_allow_from_the_responder(stack):
    response = stack.request("POST", "/api/contacts/health", data=b"")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"
    assert error_of(response)["code"] == "method_not_allowed"
    openapi.validate(response)


def test_nginx_own_405_is_json(stack):
    response = stack.request("TRACE", "/api/contacts/health")
    assert response.status_code == 405
    assert error_of(response)["code"] == "method_not_allowed"


def test_oversized_body_is_json_413_from_nginx(stack):
    response = stack.request("POST", "/api/contacts/health", data=b"x" * 100_000)
    assert response.status_code == 413
    assert error_of(response)["code"] == "body_too_large"
    openapi.validate(response)


def test_small_body_on_a_get_only_route_is_413_from_the_responder(stack):
    response = stack.request("GET", "/api/contacts/health", data=b"{}",
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    assert "limit" in error_of(response)["message"]


def test_malformed_query_is_json_400_from_the_responder(stack):
    response = stack.get("/api/contacts/health?x=%C3%28")
    assert response.status_code == 400
    assert error_of(response)["code"] == "invalid_query"


def test_requests_are_access_logged_as_json(stack):
    marker = stack.get("/api/contacts/health").headers["X-Request-ID"]
    log = stack.state_dir / "logs" / "access.log"
    # nginx writes the line in its log phase, just after the response went out.
    lines = wait_until(lambda: [line for line in log.read_text().splitlines() if marker in line], 5,
                       message="the access log line")
    entry = json.loads(lines[-1])
    assert entry["status"] == 200 and entry["uri"] == "/api/contacts/health"


def test_sockets_are_not_world_accessible(stack):
    mode = stack.socket("contacts-health").stat().st_mode & 0o777
    assert mode & 0o007 == 0, oct(mode)
    assert mode & 0o060 == 0o060, "nginx's group must be able to connect"


def test_the_root_sends_the_browser_to_the_inbox_page(stack):
    response = stack.get("/", allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{stack.base}/inbox/"

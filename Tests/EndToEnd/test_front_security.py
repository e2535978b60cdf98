"""What nginx and the responders refuse on behalf of the operator: cross-site requests that ride on
a browser's cached Basic credentials, identities claimed on public endpoints, and requests nginx
cannot even parse — each a JSON error with the right status, nothing changed."""
import json
import socket
import ssl
import uuid

import pytest

from harness import openapi
from harness.processes import wait_until
from harness.stack import JSON_CONTENT, Stack


def error_code(response):
    assert response.headers["Content-Type"].startswith("application/json"), response.text
    return response.json()["error"]["code"]


# --- cross-site requests ------------------------------------------------------------------------

def test_a_cross_site_text_plain_form_cannot_create_a_contact(stack):
    # What <form enctype="text/plain" method="post"> on another site sends with the operator's
    # cached credentials: a body that happens to be JSON, typed text/plain.
    email = f"csrf.{uuid.uuid4().hex[:8]}@example.com"
    creates, searches = stack.emulator.calls("create"), stack.emulator.calls("search")
    response = stack.request("POST", "/api/contacts", auth=stack.operator,
                             data=f'{{"firstName":"Mallory","email":"{email}","x":"='.encode() + b'"}',
                             headers={"Content-Type": "text/plain", "Origin": "https://evil.example",
                                      "Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403 and error_code(response) == "cross_site_request"
    openapi.validate(response, path="/api/contacts", method="POST")
    # Old browsers send neither header: the content type alone stops the form.
    response = stack.request("POST", "/api/contacts", auth=stack.operator,
                             data=f'{{"firstName":"Mallory","email":"{email}"}}', headers={"Content-Type": "text/plain"})
    assert response.status_code == 415 and error_code(response) == "json_required"
    openapi.validate(response, path="/api/contacts", method="POST")
    # Refused before the body was read: HubSpot was never asked.
    assert stack.emulator.calls("create") == creates and stack.emulator.calls("search") == searches


@pytest.mark.parametrize("headers", [{"Origin": "https://evil.example"}, {"Origin": "null"},
                                     {"Sec-Fetch-Site": "cross-site"}])
def test_a_cross_site_cache_clear_is_refused_and_clears_nothing(stack, headers):
    stack.get("/api/contacts/lookup/+19025551234", auth=stack.operator)
    before = stack.cache_stats()["generation"]
    response = stack.request("POST", "/api/contacts/cache/clear", auth=stack.admin, headers={**JSON_CONTENT, **headers})
    assert response.status_code == 403 and error_code(response) == "cross_site_request"
    openapi.validate(response, path="/api/contacts/cache/clear", method="POST")
    assert stack.cache_stats()["generation"] == before


def test_the_inbox_page_origin_is_accepted(stack):
    # The page's own fetch: same origin, JSON.
    response = stack.request("POST", "/api/contacts/cache/clear", auth=stack.admin,
                             headers={**JSON_CONTENT, "Origin": stack.base, "Sec-Fetch-Site": "same-origin"})
    assert response.status_code == 200, response.text


# --- requests nginx refuses before it knows the path ----------------------------------------------

def raw_exchange(stack, request: bytes) -> tuple[int, dict, bytes]:
    """One request written as raw bytes over TLS (clients refuse to send most of these)."""
    context = ssl.create_default_context(cafile=stack.ca)
    with socket.create_connection(("127.0.0.1", stack.https_port), timeout=10) as plain:
        with context.wrap_socket(plain, server_hostname="localhost") as tls:
            tls.sendall(request)
            answer = b""
            while chunk := tls.recv(65536):
                answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("request_bytes,status,code", [
    (b"GET /api/contacts/lookup/%00 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, "bad_request"),
    (b"GET /api/a%00b/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 400, "bad_request"),
    (b"GET /api/contacts/health HTTP/1.1\r\nHost: localhost\r\nBad Header\r\nConnection: close\r\n\r\n", 400, "bad_request"),
    (b"GET /api/contacts/health HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n", 400, "bad_request"),
    (b"GET /api/contacts/health HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: gzip\r\nConnection: close\r\n\r\n",
     501, "not_implemented"),
    (b"GET /" + b"a" * 9000 + b" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", 414, "uri_too_long"),
    (b"GET /api/contacts/health HTTP/1.1\r\nHost: localhost\r\nX-Big: " + b"b" * 20000 + b"\r\nConnection: close\r\n\r\n",
     400, "bad_request"),
])
def test_requests_nginx_cannot_parse_get_the_json_error_shape(stack, request_bytes, status, code):
    answered, headers, body = raw_exchange(stack, request_bytes)
    assert answered == status, body
    assert headers["content-type"] == "application/json", body
    assert json.loads(body)["error"]["code"] == code


def test_the_error_pages_themselves_are_not_reachable(stack):
    response = stack.get("/.hubspot-fcgi-errors/500")
    assert response.status_code == 404 and error_code(response) == "not_found"


# --- identity on public endpoints -----------------------------------------------------------------

@pytest.fixture(scope="module")
def logging_stack():
    """A stack that logs every request with the user the responder was told about."""
    running = Stack({"LOG_LEVEL": "debug"}).start()
    yield running
    running.stop()
    running.cleanup()


def request_lines(stack, endpoint: str, request_id: str) -> list[str]:
    return [line for line in stack.logs_text().splitlines()
            if "event=request" in line and f"request_id={request_id}" in line and endpoint in line]


def test_a_basic_header_on_a_public_endpoint_claims_no_identity(logging_stack):
    # nginx fills $remote_user from any Basic header, checked or not: the public locations blank it.
    health = logging_stack.get("/api/contacts/health", auth=("admin", "x"))
    assert health.status_code == 200
    rid = health.headers["X-Request-ID"]
    lines = wait_until(lambda: request_lines(logging_stack, "/api/contacts/health", rid), 10, message="health's request line")
    assert "user=-" in lines[0] and "admin" not in lines[0], lines
    webhook = logging_stack.request("POST", "/api/webhooks/openphone", auth=("admin", "x"), data=b"{}")
    rid = webhook.headers["X-Request-ID"]
    lines = wait_until(lambda: request_lines(logging_stack, "/api/webhooks/openphone", rid), 10,
                       message="the webhook's request line")
    assert "user=-" in lines[0] and "admin" not in lines[0], lines
    # Where nginx checked the credentials, the responder is told who it was.
    lookup = logging_stack.get("/api/contacts/lookup/+19025551234", auth=logging_stack.operator)
    rid = lookup.headers["X-Request-ID"]
    lines = wait_until(lambda: request_lines(logging_stack, "/api/contacts/lookup", rid), 10, message="lookup's line")
    assert f"user={logging_stack.operator[0]}" in lines[0], lines

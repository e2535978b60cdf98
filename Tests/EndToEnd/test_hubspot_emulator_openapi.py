"""hubspot-emulator against HubSpot's own OpenAPI spec for contacts
(../shared/reference/hubspot-crm-contacts-v3.openapi.json beside the repository).

Starts the built emulator (BIN_DIR, default .build/debug) on a free port with the demo data in
nginx/demo, sends requests whose bodies are first validated against the spec's request schemas, and
validates every answer — 200, 201, 400, 401, 403, 404, 409, 429 — against the response schema the
spec documents for that operation and status (`default` -> Error for the errors), with $refs inlined
and formats (date-time, uuid) checked. Success bodies must not carry members the spec does not
describe.

One deliberate deviation from the spec, and only one: property values may be null. The spec types
`SimplePublicObject.properties` values as plain strings, but HubSpot returns `null` for a requested
property that has no value (reference/hubspot.md: "properties: {name: string|null}"), and so does
the emulator. The test marks those values nullable instead of hiding the nulls.
"""
import copy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import requests
from openapi_schema_validator import OAS30Validator, oas30_format_checker
from harness import openapi

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = Path(os.environ.get("HUBSPOT_OPENAPI_SPEC",
                               REPO / ".." / "shared" / "reference" / "hubspot-crm-contacts-v3.openapi.json"))
BIN_DIR = Path(os.environ.get("BIN_DIR", REPO / ".build" / "debug"))
EMULATOR = BIN_DIR / "hubspot-emulator"
DEMO = REPO / "nginx" / "demo"
TOKEN = "emulator-token"
READ_ONLY = "emulator-token-read-only"
NO_SCOPES = "emulator-token-no-scopes"

if not SPEC_PATH.exists():
    pytest.skip(f"HubSpot's OpenAPI spec is not at {SPEC_PATH.resolve()}: nothing to check the emulator against",
                allow_module_level=True)

# Statuses validated so far; the last test checks every one the emulator must produce was seen.
VALIDATED = set()
REQUIRED_STATUSES = {200, 201, 400, 401, 403, 404, 409, 429}


# --- The spec --------------------------------------------------------------------------------------

def load_spec():
    spec = json.loads(SPEC_PATH.read_text())
    schemas = spec["components"]["schemas"]
    for name in ("SimplePublicObject", "SimplePublicObjectWithAssociations"):
        schemas[name]["properties"]["properties"]["additionalProperties"]["nullable"] = True  # see module doc
    return spec


SPEC = load_spec()


def resolve(node):
    return openapi.resolve(node, SPEC)


def inline(node):
    return openapi.inline(node, SPEC)


def operation(template, method):
    return SPEC["paths"][template][method.lower()]


def validator(schema):
    return OAS30Validator(schema, format_checker=oas30_format_checker)


def validate_request(template, method, body):
    """Asserts `body` is what the spec allows this operation to receive."""
    schema = inline(operation(template, method)["requestBody"]["content"]["application/json"]["schema"])
    validator(schema).validate(body)


def validate_response(response, template, method=None):
    """Asserts `response` (requests.Response) is documented for `template` and its status, and returns its JSON."""
    method = method or response.request.method
    documented = operation(template, method)["responses"]
    status = str(response.status_code)
    described = resolve(documented.get(status) or documented["default"])
    content = described["content"]
    media = response.headers.get("Content-Type", "").split(";")[0]
    assert media in content or "*/*" in content, f"{method} {template} {status}: Content-Type {media!r}"
    schema = inline(content.get(media, content.get("*/*"))["schema"])
    body = response.json()
    validator(schema).validate(body)
    if response.status_code < 300:
        assert_only_documented(body, schema, path="$")
    VALIDATED.add(response.status_code)
    return body


def assert_only_documented(value, schema, path):
    """Success bodies must not carry members the spec does not describe (the spec never sets
    additionalProperties: false, so the validator alone would let anything through)."""
    if isinstance(value, dict) and "properties" in schema and "additionalProperties" not in schema:
        extra = set(value) - set(schema["properties"])
        assert not extra, f"{path}: undocumented members {sorted(extra)}"
        for key, item in value.items():
            assert_only_documented(item, schema["properties"][key], f"{path}.{key}")
    elif isinstance(value, dict) and isinstance(schema.get("additionalProperties"), dict):
        for key, item in value.items():
            assert_only_documented(item, schema["additionalProperties"], f"{path}.{key}")
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            assert_only_documented(item, schema["items"], f"{path}[{index}]")


def assert_hubspot_error(body, category):
    assert body["status"] == "error"
    assert body["category"] == category, body
    assert body["message"]


# --- The emulator process --------------------------------------------------------------------------

def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Emulator:
    def __init__(self, *extra_args):
        if not EMULATOR.exists():
            pytest.skip(f"{EMULATOR} is not built: swift build --product hubspot-emulator (or set BIN_DIR)")
        self.log = tempfile.NamedTemporaryFile(prefix="hubspot-emulator-", suffix=".log", delete=False)
        env = {key: value for key, value in os.environ.items() if not key.startswith("HUBSPOT_EMULATOR_")}
        self.process = subprocess.Popen(
            [str(EMULATOR), "--listen", "127.0.0.1:0", "--contacts", str(DEMO / "hubspot-contacts.json"),
             "--companies", str(DEMO / "hubspot-companies.json"), *extra_args],
            stdout=subprocess.DEVNULL, stderr=self.log, env=env)
        self.base = self._wait_until_listening()

    def _wait_until_listening(self):
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            text = Path(self.log.name).read_text(errors="replace")
            found = re.search(r"^hubspot-emulator listening on (http://127\.0\.0\.1:(\d+))$", text, re.M)
            if found:
                assert int(found.group(2)) > 0
                return found.group(1)
            if self.process.poll() is not None:
                raise AssertionError(f"hubspot-emulator exited {self.process.returncode}:\n{text}")
            time.sleep(0.02)
        raise AssertionError("hubspot-emulator did not report that it was listening")

    def stop(self, sig=signal.SIGTERM):
        self.process.send_signal(sig)
        status = self.process.wait(timeout=10)
        return status

    def log_text(self):
        return Path(self.log.name).read_text(errors="replace")


@pytest.fixture(scope="module")
def emulator():
    running = Emulator("--search-rate", "5")
    yield running
    status = running.stop()
    log = running.log_text()
    os.unlink(running.log.name)
    assert status == 0, f"SIGTERM should exit 0, got {status}:\n{log}"
    assert TOKEN not in log and NO_SCOPES not in log and READ_ONLY not in log, "a token reached the log"


@pytest.fixture
def hubspot(emulator):
    """A session against a freshly reset emulator (reset also empties the rate-limit windows)."""
    session = requests.Session()
    session.base = emulator.base
    assert session.post(f"{emulator.base}/__emulator/reset", timeout=5).status_code == 200
    yield session
    session.close()


def call(session, method, path, token=TOKEN, body=None, timeout=10):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return session.request(method, session.base + path, json=body, headers=headers, timeout=timeout)


SEARCH = "/crm/v3/objects/contacts/search"
CONTACTS = "/crm/v3/objects/contacts"
CONTACT = "/crm/v3/objects/contacts/{contactId}"


def search_body(filter_groups=(), query=None, properties=(), limit=10, after="0", sorts=("createdate",)):
    """A search body with every member the spec marks required."""
    body = {"after": after, "filterGroups": list(filter_groups), "limit": limit, "properties": list(properties),
            "sorts": list(sorts)}
    if query is not None:
        body["query"] = query
    return body


def phone_groups(national, e164):
    return [{"filters": [{"propertyName": "hs_searchable_calculated_phone_number", "operator": "EQ", "value": national}]},
            {"filters": [{"propertyName": "hs_searchable_calculated_mobile_number", "operator": "EQ", "value": national}]},
            {"filters": [{"propertyName": "phone", "operator": "EQ", "value": e164}]},
            {"filters": [{"propertyName": "mobilephone", "operator": "EQ", "value": e164}]}]


# --- 200 -------------------------------------------------------------------------------------------

def test_phone_search_matches_the_spec(hubspot):
    body = search_body(phone_groups("9025551234", "+19025551234"),
                       properties=["firstname", "lastname", "phone", "mobilephone", "email", "company",
                                   "associatedcompanyid", "hs_searchable_calculated_phone_number"])
    validate_request(SEARCH, "POST", body)
    found = validate_response(call(hubspot, "POST", SEARCH, body=body), SEARCH)
    assert found["total"] == 1 and "paging" not in found
    contact = found["results"][0]
    assert contact["properties"]["phone"] == "(902) 555-1234"
    assert contact["properties"]["mobilephone"] is None  # requested, unset: null (the one allowed deviation)
    assert contact["archived"] is False


def test_collision_returns_both_countries(hubspot):
    body = search_body(phone_groups("2035550143", "+12035550143"), properties=["phone"])
    validate_request(SEARCH, "POST", body)
    found = validate_response(call(hubspot, "POST", SEARCH, body=body), SEARCH)
    assert sorted(r["properties"]["phone"] for r in found["results"]) == ["+1 203 555 0143", "+44 20 3555 0143"]


def test_query_paging_matches_the_spec(hubspot):
    after, seen = "0", []
    while after is not None:
        body = search_body(query="smith", properties=["firstname", "lastname"], after=after,
                           sorts=["hs_object_id"])
        validate_request(SEARCH, "POST", body)
        page = validate_response(call(hubspot, "POST", SEARCH, body=body), SEARCH)
        assert page["total"] == 25
        seen += [r["id"] for r in page["results"]]
        after = page.get("paging", {}).get("next", {}).get("after")
        time.sleep(0.25)  # stay under 5 searches a second
    assert len(seen) == len(set(seen)) == 25


def test_minimal_search_body_is_accepted(hubspot):
    # HubSpot's docs say `{}` is a valid search; the spec marks five members required. Not validated.
    found = validate_response(call(hubspot, "POST", SEARCH, body={}), SEARCH)
    assert found["total"] == 200 and found["paging"]["next"]["after"] == "10"
    assert sorted(found["results"][0]["properties"]) == ["createdate", "email", "firstname", "hs_object_id",
                                                         "lastmodifieddate", "lastname"]


def test_list_and_get_match_the_spec(hubspot):
    first = validate_response(call(hubspot, "GET", f"{CONTACTS}?limit=1"), CONTACTS)
    assert len(first["results"]) == 1
    nxt = first["paging"]["next"]["after"]
    second = validate_response(call(hubspot, "GET", f"{CONTACTS}?limit=2&after={nxt}&properties=phone,company"),
                               CONTACTS)
    assert second["results"][0]["id"] == nxt
    contact_id = first["results"][0]["id"]
    one = validate_response(call(hubspot, "GET", f"{CONTACTS}/{contact_id}?properties=phone&properties=mobilephone"),
                            CONTACT)
    assert one["id"] == contact_id and "mobilephone" in one["properties"]


def test_company_matches_the_object_schema(hubspot):
    # The companies endpoint is not in the contacts spec; CRM objects share one shape, so the
    # company is checked against the contacts GET response schema.
    company = validate_response(call(hubspot, "GET", "/crm/v3/objects/companies/7000000002?properties=name"), CONTACT)
    assert company["properties"]["name"] == "Acme Corporation"


# --- 201 / 409 --------------------------------------------------------------------------------------

def test_create_then_conflict(hubspot):
    body = {"properties": {"firstname": "Nia", "lastname": "Okoro", "email": "nia.okoro@new.example",
                           "phone": "+44 20 7946 0555", "company": "New Co"}, "associations": []}
    validate_request(CONTACTS, "POST", body)
    created = validate_response(call(hubspot, "POST", CONTACTS, body=body), CONTACTS)
    assert created["properties"]["hs_searchable_calculated_phone_number"] == "2079460555"

    again = dict(body, properties=dict(body["properties"], email="NIA.OKORO@new.example"))
    validate_request(CONTACTS, "POST", again)
    response = call(hubspot, "POST", CONTACTS, body=again)
    assert response.status_code == 409
    conflict = validate_response(response, CONTACTS)
    assert_hubspot_error(conflict, "CONFLICT")
    assert conflict["message"] == f"Contact already exists. Existing ID: {created['id']}"


# --- 400 -------------------------------------------------------------------------------------------

def too_many_groups():
    return search_body([{"filters": [{"propertyName": "firstname", "operator": "EQ", "value": str(n)}]}
                        for n in range(6)])


def test_validation_errors_match_the_spec(hubspot):
    cases = [
        (too_many_groups(), True),
        (search_body([{"filters": [{"propertyName": "email", "operator": "HAS_PROPERTY"}] * 7}]), True),
        (search_body(limit=201), True),
        (search_body(after="9995", limit=10), True),
        (search_body([{"filters": [{"propertyName": "email", "operator": "CONTAINS", "value": "x"}]}]), False),
    ]
    for body, valid_per_spec in cases:
        if valid_per_spec:
            validate_request(SEARCH, "POST", body)
        else:
            with pytest.raises(Exception):
                validate_request(SEARCH, "POST", body)  # CONTAINS is not in the spec's operator enum
        response = call(hubspot, "POST", SEARCH, body=body)
        assert response.status_code == 400, (body, response.text)
        assert_hubspot_error(validate_response(response, SEARCH), "VALIDATION_ERROR")
        time.sleep(0.25)

    invalid = call(hubspot, "POST", CONTACTS, body={"properties": {"no_such_property": "x"}, "associations": []})
    assert invalid.status_code == 400
    assert "PROPERTY_DOESNT_EXIST" in validate_response(invalid, CONTACTS)["message"]


# --- 401 / 403 -------------------------------------------------------------------------------------

@pytest.mark.parametrize("token", [None, "not-a-real-token"])
def test_bad_tokens_get_401(hubspot, token):
    response = call(hubspot, "GET", f"{CONTACTS}?limit=1", token=token)
    assert response.status_code == 401
    assert_hubspot_error(validate_response(response, CONTACTS), "INVALID_AUTHENTICATION")


def test_missing_scopes_get_403(hubspot):
    response = call(hubspot, "GET", f"{CONTACTS}?limit=1", token=NO_SCOPES)
    assert response.status_code == 403
    body = validate_response(response, CONTACTS)
    assert_hubspot_error(body, "MISSING_SCOPES")
    assert body["errors"][0]["context"]["requiredGranularScopes"] == ["crm.objects.contacts.read"]

    create = {"properties": {"email": "ro@new.example"}, "associations": []}
    validate_request(CONTACTS, "POST", create)
    response = call(hubspot, "POST", CONTACTS, token=READ_ONLY, body=create)
    assert response.status_code == 403
    body = validate_response(response, CONTACTS)
    assert body["errors"][0]["context"]["requiredGranularScopes"] == ["crm.objects.contacts.write"]


# --- 404 -------------------------------------------------------------------------------------------

def test_missing_objects_get_404(hubspot):
    response = call(hubspot, "GET", f"{CONTACTS}/999999")
    assert response.status_code == 404
    assert_hubspot_error(validate_response(response, CONTACT), "OBJECT_NOT_FOUND")
    response = call(hubspot, "GET", "/crm/v3/objects/companies/7000000999")
    assert response.status_code == 404
    assert_hubspot_error(validate_response(response, CONTACT), "OBJECT_NOT_FOUND")


# --- 429 -------------------------------------------------------------------------------------------

def test_search_rate_limit_gets_429(hubspot):
    body = search_body(query="john")
    validate_request(SEARCH, "POST", body)
    statuses = []
    while len(statuses) < 20 and not any(r.status_code == 429 for r in statuses):  # 5/s: the 6th, unless slow
        statuses.append(call(hubspot, "POST", SEARCH, body=body))
    limited = [r for r in statuses if r.status_code == 429]
    assert [r.status_code for r in statuses[:5]] == [200] * 5 and limited
    error = validate_response(limited[0], SEARCH)
    assert_hubspot_error(error, "RATE_LIMITS")
    assert error["message"] == "You have reached your secondly limit."
    assert error["errorType"] == "RATE_LIMIT" and error["policyName"] == "SECONDLY"
    stats = hubspot.get(f"{hubspot.base}/__emulator/stats", timeout=5).json()
    assert stats["rateLimited"] == len(limited) and stats["calls"]["search"] == len(statuses)
    assert stats["recentSearches"][-1] == body


# --- Faults over the wire ----------------------------------------------------------------------------

def set_faults(session, **settings):
    response = session.post(f"{session.base}/__emulator/faults", json=settings, timeout=5)
    assert response.status_code == 200, response.text


def test_injected_status_latency_down_and_timeout(hubspot):
    set_faults(hubspot, status=503, count=1)
    response = call(hubspot, "GET", f"{CONTACTS}?limit=1")
    assert response.status_code == 503
    assert_hubspot_error(validate_response(response, CONTACTS), "INTERNAL_ERROR")
    assert call(hubspot, "GET", f"{CONTACTS}?limit=1").status_code == 200

    set_faults(hubspot, latencyMs=300)
    started = time.monotonic()
    assert call(hubspot, "GET", f"{CONTACTS}?limit=1").status_code == 200
    assert time.monotonic() - started >= 0.3

    set_faults(hubspot, latencyMs=0, mode="down")
    with pytest.raises(requests.ConnectionError):
        call(hubspot, "GET", f"{CONTACTS}?limit=1")

    set_faults(hubspot, mode="timeout", timeoutMs=5000)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        call(hubspot, "GET", f"{CONTACTS}?limit=1", timeout=0.5)
    assert time.monotonic() - started < 2

    assert hubspot.delete(f"{hubspot.base}/__emulator/faults", timeout=5).status_code == 200
    assert call(hubspot, "GET", f"{CONTACTS}?limit=1").status_code == 200


# --- Process behaviour -------------------------------------------------------------------------------

def test_sigint_exits_zero_and_environment_tokens():
    custom = dict(os.environ, HUBSPOT_EMULATOR_TOKEN="pat-test-123", LOG_LEVEL="info")
    if not EMULATOR.exists():
        pytest.skip(f"{EMULATOR} is not built")
    port = free_port()
    process = subprocess.Popen([str(EMULATOR), "--listen", f"127.0.0.1:{port}"], env=custom,
                               stderr=subprocess.PIPE, text=True)
    try:
        started = process.stderr.readline()
        assert "level=info event=started component=hubspot-emulator" in started
        assert f"address=127.0.0.1:{port} contacts=0 companies=0 search_rate=5 default_region=US" in started
        assert process.stderr.readline() == f"hubspot-emulator listening on http://127.0.0.1:{port}\n"
        response = requests.get(f"http://127.0.0.1:{port}/crm/v3/objects/contacts?limit=1",
                                headers={"Authorization": "Bearer pat-test-123"}, timeout=2)
        assert response.status_code == 200
        assert requests.get(f"http://127.0.0.1:{port}/crm/v3/objects/contacts",
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=2).status_code == 401
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
        process.stderr.close()


def test_demo_data_is_generated_by_the_shipped_script():
    result = subprocess.run([sys.executable, str(DEMO / "generate-sample-data.py"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_every_required_status_was_validated():
    missing = REQUIRED_STATUSES - VALIDATED
    assert not missing, f"never validated against the spec: {sorted(missing)} (run the whole file)"

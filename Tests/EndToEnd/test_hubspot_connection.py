"""The HubSpot connection check: logged at start-up, shown by health, re-checked on demand and
periodically, never disabling lookups; and `hubspot-check`, the command-line version."""
import os
import subprocess

import pytest

from harness import openapi, paths
from harness.processes import wait_until


@pytest.fixture(autouse=True)
def healthy_hubspot(stack):
    stack.emulator.clear_faults()
    yield
    stack.emulator.clear_faults()


def health(stack, check=True):
    response = stack.get("/api/contacts/health", params={"check": "hubspot"} if check else None)
    openapi.validate(response, path="/api/contacts/health", method="GET")
    return response.json()


def test_start_up_logs_hubspot_connected(stack):
    assert 'event="HubSpot connected"' in stack.logs_text()


def test_health_shows_the_connection_and_its_failure_then_recovers(stack):
    assert wait_until(lambda: health(stack)["hubspot"]["state"] == "connected", 10, message="connected")
    stack.emulator.fault(status=401)

    def failed():
        body = health(stack)
        return body if body["hubspot"].get("reason") == "hubspot_unauthorized" else None

    body = wait_until(failed, 10, interval=0.3, message="the failure to show")
    assert body["status"] == "degraded" and body["hubspot"]["state"] == "failed"
    assert 'event="HubSpot connection failed"' in stack.logs_text()
    # A failed check never disables lookups: they keep asking HubSpot.
    stack.emulator.clear_faults()
    lookup = stack.get("/api/contacts/lookup/+19025551234", auth=stack.operator)
    assert lookup.status_code == 200 and lookup.json()["found"] is True
    assert wait_until(lambda: health(stack)["status"] == "ok", 10, interval=0.3, message="recovery")


def hubspot_check(env, *arguments):
    return subprocess.run([str(paths.binary("hubspot-check")), *arguments], capture_output=True, text=True,
                          timeout=30, env={"PATH": os.environ["PATH"], **env})


def test_hubspot_check_connects_looks_up_and_searches(stack):
    env = {"HUBSPOT_BASE_URL": stack.emulator.base, "HUBSPOT_ACCESS_TOKEN": "emulator-token"}
    result = hubspot_check(env, "(902) 555-1234", "John Smith")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "✓ HubSpot connected" in result.stdout
    assert "found: John Smith" in result.stdout
    assert "+19025551234" in result.stdout


@pytest.mark.parametrize("behaviour,report", [
    ("works", "✓ IN on calculated phone properties works"),
    ("400", "IN on calculated phone properties refused (400)"),
    ("empty", "IN on calculated phone properties matches nothing"),
])
def test_hubspot_check_says_whether_in_works_on_calculated_phone_properties(stack, account_behaviour,
                                                                              behaviour, report):
    account_behaviour(calculatedPhoneIN=behaviour)
    env = {"HUBSPOT_BASE_URL": stack.emulator.base, "HUBSPOT_ACCESS_TOKEN": "emulator-token"}
    result = hubspot_check(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert report in result.stdout


@pytest.mark.parametrize("token,reason", [
    ("pat-wrong-token-123456", "rejected the access token"),
    ("emulator-token-no-scopes", "crm.objects.contacts.read"),
])
def test_hubspot_check_names_the_precise_reason(stack, token, reason):
    result = hubspot_check({"HUBSPOT_BASE_URL": stack.emulator.base, "HUBSPOT_ACCESS_TOKEN": token}, "+19025551234")
    assert result.returncode == 1
    assert reason in result.stdout
    assert token not in result.stdout + result.stderr


def test_hubspot_check_unreachable(stack):
    result = hubspot_check({"HUBSPOT_BASE_URL": "http://127.0.0.1:9", "HUBSPOT_ACCESS_TOKEN": "pat-secret-999"})
    assert result.returncode == 1
    assert "unreachable" in result.stdout
    assert "pat-secret-999" not in result.stdout + result.stderr

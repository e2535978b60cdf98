"""Two-way sync: `POST /api/contacts` through nginx creates a HubSpot contact (the emulator) after
searching for an existing one, caches it so the next lookup is a hit despite HubSpot's search
index lag, and answers per-field 400s, 403 for a missing write scope, and an audit line.
HubSpot's duplicate rules hold whichever way it answers: an email that is another contact's
primary or secondary (`hs_additional_emails`) email, refused with 409 or with 400
VALIDATION_ERROR, is that contact (`200 created:false`), never a second one or an error."""
import itertools
import json
import random
import uuid

import pytest
import requests

from harness import openapi

from harness.fastcgi import ResponderProcess
from harness.processes import wait_until


def create(stack, body, auth=None):
    return stack.request("POST", "/api/contacts", auth=auth or stack.operator, json=body)


_numbers = itertools.count(random.randrange(1000))


def fresh_number() -> str:
    # 902-555-3xxx: valid, in no fixture and used by no other test file; a counter (not a random
    # pick) so two calls in one session never collide with a contact created earlier.
    return f"902 555 3{next(_numbers) % 1000:03d}"


def unique_email(label: str) -> str:
    return f"{label}.{uuid.uuid4().hex[:8]}@example.com"


def searches_for(stack, number: str) -> int:
    """How many of the emulator's recent searches (its last 50) asked for `number`, in any
    format: other tests' numbers are still being named in the background of this shared stack,
    so the total count of searches says nothing about this one."""
    tail = "".join(ch for ch in number if ch.isdigit())[-7:]

    def mentions(value) -> bool:
        if isinstance(value, dict):
            return any(mentions(item) for item in value.values())
        if isinstance(value, list):
            return any(mentions(item) for item in value)
        return isinstance(value, str) and tail in "".join(ch for ch in value if ch.isdigit())

    return sum(1 for body in stack.emulator.stats()["recentSearches"] if mentions(body))


def contacts_created(stack) -> int:
    """Contacts HubSpot (the emulator) created: its 201 answers, the only ones create gives."""
    return stack.emulator.stats()["statuses"].get("201", 0)


def hubspot_contact(stack, **properties) -> str:
    """A contact put into HubSpot directly, as staff would (e.g. with secondary emails); its id."""
    def created():
        answer = requests.post(f"{stack.emulator.base}/crm/v3/objects/contacts", json={"properties": properties},
                               headers={"Authorization": "Bearer emulator-token"}, timeout=10)
        if answer.status_code == 429:  # the realistic profile's 10-second limit: wait it out
            return None
        assert answer.status_code == 201, answer.text
        return answer.json()["id"]
    return wait_until(created, 15, message="HubSpot to accept the contact")


def test_creating_needs_operator_credentials(stack):
    assert create(stack, {"firstName": "A"}, auth=("nobody", "wrong-password-123")).status_code == 401
    response = stack.request("POST", "/api/contacts", json={"firstName": "A"})
    assert response.status_code == 401 and response.json()["error"]["code"] == "unauthorized"


def test_a_new_contact_is_created_then_found_not_created_again(stack):
    number = fresh_number()
    first = create(stack, {"firstName": "Ana", "lastName": "Lee", "phone": number, "email": f"ana.{uuid.uuid4().hex[:8]}@example.com",
                           "company": "Bay Golf"})
    assert first.status_code == 201, first.text
    openapi.validate(first, path="/api/contacts", method="POST")
    contact = first.json()["contact"]
    assert first.json()["created"] is True and contact["name"] == "Ana Lee" and contact["company"] == "Bay Golf"
    digits = "".join(ch for ch in number if ch.isdigit())
    assert contact["phone"] == "+1" + digits
    # Cached at once: the lookup is a hit, with the same contact, and costs HubSpot nothing.
    searches = searches_for(stack, number)
    lookup = stack.get("/api/contacts/lookup/" + contact["phone"], auth=stack.operator).json()
    assert lookup["found"] is True and lookup["cache"] == "hit" and lookup["contact"]["id"] == contact["id"]
    assert searches_for(stack, number) <= searches  # none for it (older ones may leave the last 50)
    again = create(stack, {"firstName": "Ana", "lastName": "Lee", "phone": number})
    assert again.status_code == 200 and again.json() == {"created": False, "contact": again.json()["contact"]}
    openapi.validate(again, path="/api/contacts", method="POST")
    assert again.json()["contact"]["id"] == contact["id"]


def test_an_existing_number_or_email_is_not_created(stack):
    creates = stack.emulator.calls("create")
    by_number = create(stack, {"firstName": "John", "lastName": "Smith", "phone": "(902) 555-1234"})
    assert by_number.status_code == 200 and by_number.json()["created"] is False
    assert by_number.json()["contact"]["id"] == "101"
    by_email = create(stack, {"firstName": "J", "lastName": "D", "phone": fresh_number(), "email": "JANE.DOE@example.com"})
    assert by_email.status_code == 200 and by_email.json()["contact"]["id"] == "102"
    assert stack.emulator.calls("create") == creates


@pytest.mark.parametrize("body,field", [
    ({"lastName": "Lee", "phone": "902 555 1234"}, "firstName"),
    ({"firstName": " ", "lastName": "Lee", "phone": "902 555 1234"}, "firstName"),
    ({"firstName": "Ana", "phone": "902 555 1234"}, "lastName"),
    ({"firstName": "Ana", "lastName": "Lee"}, "phone"),
    ({"firstName": "Ana", "lastName": "Lee", "phone": "12"}, "phone"),
    ({"firstName": "Ana", "lastName": "Lee", "phone": "abc"}, "phone"),
    ({"firstName": "Ana", "lastName": "Lee", "phone": "902 555 1234", "email": "not-an-email"}, "email"),
    ({"firstName": "Ana", "lastName": "Lee", "phone": "902 555 1234", "mobile": "x"}, "mobile"),
    ({"firstName": 7, "lastName": "Lee", "phone": "902 555 1234"}, "firstName"),
    ({"firstName": "A" * 101, "lastName": "Lee", "phone": "902 555 1234"}, "firstName"),
])
def test_each_bad_field_is_a_400_naming_it(stack, body, field):
    response = create(stack, body)
    assert response.status_code == 400
    openapi.validate(response, path="/api/contacts", method="POST")
    error = response.json()["error"]
    assert error["code"] == "invalid_field" and error["field"] == field and field in error["message"]


@pytest.mark.parametrize("raw", [b"", b"not json", b"[1,2]", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_400(stack, raw):
    response = stack.request("POST", "/api/contacts", auth=stack.operator, data=raw,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"


def test_creating_is_audited_with_the_operator(stack):
    number = fresh_number()
    contact = create(stack, {"firstName": "Audit", "lastName": "Me", "phone": number}).json()["contact"]

    def mine():  # audit lines are flushed every AUDIT_FLUSH_MS (250 ms)
        lines = [json.loads(line) for line in stack.audit_log.read_text().splitlines() if '"create_contact"' in line]
        return [line for line in lines if line.get("contactId") == contact["id"]] or None

    found = wait_until(mine, 5, message="the audit line")
    assert found[-1]["user"] == stack.operator[0] and found[-1]["result"] == "created"


def test_a_missing_write_scope_is_a_403_naming_it(stack, tmp_path):
    responder = ResponderProcess("contacts-create", args=["--workers", "1", "--threads", "2"], env={
        "HUBSPOT_BASE_URL": f"http://127.0.0.1:{stack.emulator_port}",
        "HUBSPOT_ACCESS_TOKEN": "emulator-token-read-only",
        "MESSAGES_DB": str(tmp_path / "messages.db"), "CONTACTS_CACHE_FILE": str(tmp_path / "contacts.cache"),
        "AUDIT_LOG": str(tmp_path / "audit.log")}).start()
    try:
        body = json.dumps({"firstName": "No", "lastName": "Scope", "phone": fresh_number()}).encode()
        response = responder.get("/api/contacts", method="POST", body=body, extra={"CONTENT_TYPE": "application/json"})
        error = json.loads(response.body)["error"]
        assert response.status == 403 and error["code"] == "hubspot_missing_scopes"
        assert error["scopes"] == ["crm.objects.contacts.write"] and "crm.objects.contacts.write" in error["message"]
        assert "emulator-token-read-only" not in responder.log()
    finally:
        responder.terminate()


def test_a_409_during_index_lag_is_the_existing_contact(stack):
    stack.emulator.fault(indexLagMs=60_000)  # new contacts reach HubSpot's search a minute later
    try:
        email = f"lag.{uuid.uuid4().hex[:8]}@example.com"
        first = create(stack, {"firstName": "Lag", "lastName": "One", "phone": fresh_number(), "email": email})
        assert first.status_code == 201
        # Searches cannot see it yet; the create is refused with 409 "Existing ID: …".
        second = create(stack, {"firstName": "Lag", "lastName": "Two", "phone": fresh_number(), "email": email})
        assert second.status_code == 200 and second.json()["created"] is False
        assert second.json()["contact"]["id"] == first.json()["contact"]["id"]
        # The first contact's number is a cache hit although HubSpot's search cannot find it yet.
        lookup = stack.get("/api/contacts/lookup/" + first.json()["contact"]["phone"], auth=stack.operator).json()
        assert lookup["found"] is True and lookup["cache"] == "hit"
    finally:
        stack.emulator.clear_faults()


def test_the_conversation_is_named_at_once(stack, webhook):
    from harness.openphone import message_event
    number = fresh_number()
    e164 = "+1" + "".join(ch for ch in number if ch.isdigit())
    assert webhook.deliver(message_event(e164)).status_code == 200
    contact = create(stack, {"firstName": "Nia", "lastName": "Okafor", "phone": number}).json()["contact"]
    searches = searches_for(stack, e164)
    page = stack.get("/api/messages/conversations", auth=stack.operator, params={"q": e164[-7:]}).json()
    mine = [c for c in page["conversations"] if c["phone"] == e164]
    assert mine and mine[0]["name"] == "Nia Okafor" and mine[0]["nameSource"] == "hubspot"
    assert mine[0]["hubspotContactId"] == contact["id"]
    assert searches_for(stack, e164) <= searches  # named without asking HubSpot


@pytest.mark.parametrize("answer", ["409", "400", "hubspot"])
def test_another_contacts_secondary_email_is_that_contact(stack, account_behaviour, answer):
    account_behaviour(duplicateEmail=answer)
    old, primary = unique_email("paul.old"), unique_email("paul")
    existing = hubspot_contact(stack, firstname="Paul", lastname="Vance", email=primary,
                               hs_additional_emails=f"{unique_email('p.other')};{old}")
    creates, created = stack.emulator.calls("create"), contacts_created(stack)
    response = create(stack, {"firstName": "Paul", "lastName": "V", "phone": fresh_number(), "email": old.upper()})
    assert response.status_code == 200, response.text
    openapi.validate(response, path="/api/contacts", method="POST")
    assert response.json()["created"] is False and response.json()["contact"]["id"] == existing
    assert response.json()["contact"]["email"] == primary
    # Found by the search before creating: HubSpot was not even asked to create it.
    assert stack.emulator.calls("create") == creates and contacts_created(stack) == created


@pytest.mark.parametrize("answer,held_as", [("400", "primary"), ("hubspot", "secondary"), ("409", "secondary")])
def test_a_duplicate_refusal_during_index_lag_is_the_existing_contact(stack, account_behaviour, answer, held_as):
    account_behaviour(duplicateEmail=answer)
    stack.emulator.fault(indexLagMs=60_000)  # new contacts reach HubSpot's search a minute later
    try:
        email = unique_email("lagged")
        if held_as == "primary":
            first = create(stack, {"firstName": "Lag", "lastName": "One", "phone": fresh_number(), "email": email})
            assert first.status_code == 201, first.text
            existing = first.json()["contact"]["id"]
        else:
            existing = hubspot_contact(stack, firstname="Lag", lastname="Staff", email=unique_email("lag.primary"),
                                       hs_additional_emails=email)
        created = contacts_created(stack)
        number = fresh_number()
        # The search cannot see it yet: the create is refused (409 or 400 naming the record).
        second = create(stack, {"firstName": "Lag", "lastName": "Two", "phone": number, "email": email})
        assert second.status_code == 200, second.text
        openapi.validate(second, path="/api/contacts", method="POST")
        assert second.json()["created"] is False and second.json()["contact"]["id"] == existing
        assert contacts_created(stack) == created
        # That contact holds the email, not the number asked for: the number is not made to
        # answer with it (a lookup asks HubSpot, which has no contact with that number).
        e164 = "+1" + "".join(ch for ch in number if ch.isdigit())
        lookup = stack.get("/api/contacts/lookup/" + e164, auth=stack.operator).json()
        assert lookup["found"] is False and lookup["cache"] == "miss"
    finally:
        stack.emulator.clear_faults()


def test_an_unrelated_hubspot_400_is_not_read_as_a_duplicate(stack):
    created = contacts_created(stack)
    # Passes the form's check; HubSpot refuses it as an invalid email (400 INVALID_EMAIL).
    response = create(stack, {"firstName": "Bad", "lastName": "Email", "phone": fresh_number(),
                              "email": f"x.{uuid.uuid4().hex[:6]}@example..com"})
    assert response.status_code == 503, response.text
    openapi.validate(response, path="/api/contacts", method="POST")
    assert response.json()["error"]["code"] == "hubspot_invalid_request"
    assert contacts_created(stack) == created

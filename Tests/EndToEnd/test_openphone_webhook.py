"""POST /api/webhooks/openphone through nginx: both OpenPhone signing schemes and both payload
generations are accepted and stored; missing, forged, wrong-key, malformed, stale and future
signatures are 401s that store nothing; a signed body this version cannot read is kept as a dead
letter and acknowledged (202), never refused; redeliveries and out-of-order events are stored
once; the message is stored before anything slow (HubSpot down or hanging never delays the
answer or loses the message, and an error is never recorded as "not in HubSpot"); a store
failure is a 503 so that OpenPhone retries; the secret never leaks. Deliveries are signed here,
in Python, not by the Swift signer under test. (Full disk and the dead-letter replay command:
test_store_faults.py.)"""
import base64
import sqlite3
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from harness import openapi, paths
from harness.openphone import (CONVERSATIONS_PATH, NAMING_DEADLINE_S, WEBHOOK_PATH, NumberBlock, Webhook, encode,
                               legacy_headers, message_event, messages_db, new_secret, query_db,
                               stack_environment, stack_secret, standard_headers, unique_id, wait_for_lookups)
from harness.processes import wait_until
from harness.stack import Stack


# Every test here starts with a healthy HubSpot and an empty cache (conftest.py).
pytestmark = pytest.mark.usefixtures("healthy_hubspot")


@pytest.fixture
def numbers():
    return NumberBlock()


def validated(response):
    openapi.validate(response, path=WEBHOOK_PATH, method=response.request.method)
    return response


def conversations_of(stack, phone: str) -> list[dict]:
    """The conversation list filtered by the number's digits (the operator's view)."""
    response = stack.get(CONVERSATIONS_PATH, auth=stack.operator, params={"q": phone.lstrip("+")})
    assert response.status_code == 200, response.text
    return [c for c in response.json()["conversations"] if c["phone"] == phone]


def stored_rows(stack, phone: str) -> dict:
    """What the store holds for a number: conversations, messages, processed events."""
    [[conversations]] = query_db(stack, "SELECT COUNT(*) FROM conversations WHERE customer = ?", phone)
    [[messages]] = query_db(stack, """SELECT COUNT(*) FROM messages m JOIN conversations c
                                      ON c.id = m.conversation_id WHERE c.customer = ?""", phone)
    [[events]] = query_db(stack, """SELECT COUNT(*) FROM processed_events e JOIN conversations c
                                    ON c.id = e.conversation_id WHERE c.customer = ?""", phone)
    return {"conversations": conversations, "messages": messages, "events": events}


def error_code(response) -> str:
    assert response.headers["Content-Type"].startswith("application/json"), response.text
    body = response.json()
    assert set(body) == {"error"} and body["error"]["message"], body
    return body["error"]["code"]


# --- accepted deliveries ------------------------------------------------------------------------

@pytest.mark.parametrize("scheme,generation", [("standard", "new"), ("legacy", "v4"), ("legacy", "v2"),
                                               ("standard", "v4")])
def test_a_signed_delivery_is_stored_and_listed(stack, webhook, numbers, scheme, generation):
    phone = numbers.number()
    event = message_event(phone, generation=generation, text=f"Is bay 3 free? ({generation})")
    response = validated(webhook.deliver(event, scheme))
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["received"] is True and answer["stored"] is True and answer["duplicate"] is False
    assert answer["eventId"] == event["id"] and answer["type"] == "message.received"
    [listed] = conversations_of(stack, phone)
    assert listed["id"] == answer["conversationId"]
    assert listed["lastMessage"]["text"] == f"Is bay 3 free? ({generation})"
    assert listed["lastMessage"]["direction"] == "incoming"
    assert listed["unreadCount"] == 1


def test_a_legacy_signature_with_a_seconds_timestamp_is_accepted(stack, webhook, numbers):
    phone = numbers.number()
    body = encode(message_event(phone, generation="v4"))
    response = webhook.post_raw(body, legacy_headers(webhook.secret, body, timestamp_ms=int(time.time())))
    assert response.status_code == 200, response.text
    assert len(conversations_of(stack, phone)) == 1


def test_a_legacy_header_with_several_signatures_is_accepted_when_one_matches(stack, webhook, numbers):
    phone = numbers.number()
    body = encode(message_event(phone, generation="v4"))
    good = legacy_headers(webhook.secret, body)["openphone-signature"]
    ts = good.split(";")[2]
    wrong = base64.b64encode(b"\0" * 32).decode()
    headers = {"openphone-signature": f"hmac;1;{ts};{wrong},{good}", "Content-Type": "application/json"}
    assert webhook.post_raw(body, headers).status_code == 200
    assert len(conversations_of(stack, phone)) == 1


@pytest.mark.parametrize("scheme", ["standard", "legacy"])
def test_a_delivery_signed_four_minutes_ago_is_accepted(stack, webhook, numbers, scheme):
    # Within the 5-minute tolerance: OpenPhone's clock and queue may lag a little.
    phone = numbers.number()
    kwargs = {"timestamp_s": int(time.time()) - 240} if scheme == "standard" else \
        {"timestamp_ms": int(time.time() * 1000) - 240_000}
    assert webhook.deliver(message_event(phone), scheme, **kwargs).status_code == 200
    assert len(conversations_of(stack, phone)) == 1


def test_a_standard_header_with_several_signatures_is_accepted_when_one_matches(stack, webhook, numbers):
    phone = numbers.number()
    body = encode(message_event(phone))
    headers = standard_headers(webhook.secret, body)
    wrong = base64.b64encode(b"\1" * 32).decode()
    headers["webhook-signature"] = f"v1,{wrong} v1a,{wrong} {headers['webhook-signature']}"
    assert webhook.post_raw(body, headers).status_code == 200
    assert len(conversations_of(stack, phone)) == 1


def test_text_arrives_intact_and_a_long_message_under_the_limit_is_stored(stack, webhook, numbers):
    phone = numbers.number()
    text = "Ça marche — à samedi 👍 " + "x" * 150_000
    assert webhook.deliver(message_event(phone, text=text)).status_code == 200
    [[stored]] = query_db(stack, "SELECT m.text FROM messages m JOIN conversations c ON c.id = m.conversation_id "
                                 "WHERE c.customer = ?", phone)
    assert stored == text
    assert conversations_of(stack, phone)[0]["lastMessage"]["text"].startswith("Ça marche — à samedi 👍 ")


def test_an_outgoing_message_files_under_the_customer_and_is_not_unread(stack, webhook, numbers):
    phone = numbers.number()
    response = webhook.deliver(message_event(phone, event_type="message.delivered", direction="outgoing",
                                             text="See you Saturday"))
    assert response.status_code == 200, response.text
    [listed] = conversations_of(stack, phone)
    assert listed["lastMessage"]["direction"] == "outgoing" and listed["unreadCount"] == 0


# --- refused deliveries -------------------------------------------------------------------------

def _forged(secret, body):
    headers = standard_headers(secret, body)
    return body.replace(b"Hello", b"Pay up"), headers


def _wrong_key(secret, body):
    return body, standard_headers(new_secret(), body)


def _wrong_key_legacy(secret, body):
    return body, legacy_headers(new_secret(), body)


def _forged_legacy(secret, body):
    headers = legacy_headers(secret, body)
    return body.replace(b"Hello", b"Pay up"), headers


def _missing(secret, body):
    return body, {"Content-Type": "application/json"}


def _empty(secret, body):
    return body, {"Content-Type": "application/json", "webhook-signature": "", "openphone-signature": ""}


def _malformed_legacy(secret, body):
    return body, {"openphone-signature": "hmac;1;not-a-time", "Content-Type": "application/json"}


def _malformed_standard(secret, body):
    headers = standard_headers(secret, body)
    headers["webhook-signature"] = "v1 no-comma-here"
    return body, headers


def _standard_without_id(secret, body):
    headers = standard_headers(secret, body)
    del headers["webhook-id"]
    return body, headers


def _stale(secret, body):
    return body, standard_headers(secret, body, timestamp_s=int(time.time()) - 360)


def _future(secret, body):
    return body, standard_headers(secret, body, timestamp_s=int(time.time()) + 360)


def _stale_legacy(secret, body):
    return body, legacy_headers(secret, body, timestamp_ms=int(time.time() * 1000) - 360_000)


def _future_legacy(secret, body):
    return body, legacy_headers(secret, body, timestamp_ms=int(time.time() * 1000) + 360_000)


def _legacy_signature_on_the_wrong_timestamp(secret, body):
    # Signed for one time, claimed for another: the timestamp is part of what is signed.
    signed = legacy_headers(secret, body, timestamp_ms=int(time.time() * 1000) - 1000)["openphone-signature"]
    scheme, version, ts, signature = signed.split(";")
    return body, {"openphone-signature": f"{scheme};{version};{int(ts) + 1};{signature}",
                  "Content-Type": "application/json"}


@pytest.mark.parametrize("tamper,code", [
    (_missing, "missing_signature"), (_empty, "missing_signature"),
    (_forged, "signature_mismatch"), (_forged_legacy, "signature_mismatch"),
    (_wrong_key, "signature_mismatch"), (_wrong_key_legacy, "signature_mismatch"),
    (_legacy_signature_on_the_wrong_timestamp, "signature_mismatch"),
    (_malformed_legacy, "malformed_signature_header"), (_malformed_standard, "malformed_signature_header"),
    (_standard_without_id, "malformed_signature_header"),
    (_stale, "timestamp_out_of_tolerance"), (_future, "timestamp_out_of_tolerance"),
    (_stale_legacy, "timestamp_out_of_tolerance"), (_future_legacy, "timestamp_out_of_tolerance"),
])
def test_an_unauthentic_delivery_is_a_401_and_stores_nothing(stack, webhook, numbers, tamper, code):
    phone = numbers.number()
    body, headers = tamper(webhook.secret, encode(message_event(phone, text="Hello")))
    response = validated(webhook.post_raw(body, headers))
    assert response.status_code == 401, response.text
    assert error_code(response) == code
    assert webhook.secret not in response.text
    assert conversations_of(stack, phone) == []
    assert stored_rows(stack, phone) == {"conversations": 0, "messages": 0, "events": 0}


def dead_letters_with(stack, body: bytes) -> int:
    """Dead letters holding exactly these bytes."""
    return query_db(stack, "SELECT COUNT(*) FROM dead_letters WHERE body = ?", body)[0][0]


def unknown_shape() -> dict:
    """A message event whose message sits where this version does not look (a future shape)."""
    return {"id": unique_id("EV"), "apiVersion": "2099-01-01", "createdAt": "2026-11-25T13:00:00.000Z",
            "type": "message.received", "data": {"payload": {"id": unique_id("AC"), "text": "Hello"}}}


@pytest.mark.parametrize("tamper,code", [(_missing, "missing_signature"), (_forged, "signature_mismatch"),
                                         (_wrong_key, "signature_mismatch"), (_stale, "timestamp_out_of_tolerance")])
def test_an_unauthentic_unreadable_body_is_a_401_and_never_kept(stack, webhook, tamper, code):
    body, headers = tamper(webhook.secret, encode(unknown_shape()))
    response = validated(webhook.post_raw(body, headers))
    assert response.status_code == 401 and error_code(response) == code
    assert dead_letters_with(stack, body) == 0


def test_a_refused_delivery_is_logged_with_its_reason(stack, webhook, numbers):
    response = webhook.post_raw(encode(message_event(numbers.number())), {"Content-Type": "application/json"})
    request_id = response.headers["X-Request-ID"]
    deadline = time.time() + 5
    while time.time() < deadline:
        lines = [line for line in stack.logs_text().splitlines()
                 if "webhook_rejected" in line and request_id in line]
        if lines:
            assert "missing_signature" in lines[-1]
            return
        time.sleep(0.1)
    pytest.fail("no webhook_rejected log line for request " + request_id)


# --- idempotency and order ----------------------------------------------------------------------

def test_a_delivery_repeated_three_times_is_one_message(stack, webhook, numbers):
    phone = numbers.number()
    event = message_event(phone)
    answers = []
    for scheme in ("standard", "legacy", "standard"):  # each retry is signed afresh, as OpenPhone does
        response = validated(webhook.deliver(event, scheme))
        assert response.status_code == 200, response.text
        answers.append(response.json())
    assert [a["duplicate"] for a in answers] == [False, True, True]
    assert len({a["conversationId"] for a in answers}) == 1
    [listed] = conversations_of(stack, phone)
    assert listed["unreadCount"] == 1
    assert stored_rows(stack, phone) == {"conversations": 1, "messages": 1, "events": 1}


def test_concurrent_redeliveries_store_one_message(stack, webhook, numbers):
    phone = numbers.number()
    event = message_event(phone)
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda _: Webhook(stack).deliver(event), range(8)))
    assert all(r.status_code == 200 for r in responses), [r.text for r in responses]
    assert sum(not r.json()["duplicate"] for r in responses) == 1
    assert stored_rows(stack, phone) == {"conversations": 1, "messages": 1, "events": 1}
    assert conversations_of(stack, phone)[0]["unreadCount"] == 1


def test_delivered_before_received_is_one_conversation_with_one_unread(stack, webhook, numbers):
    phone = numbers.number()
    message_id = unique_id("AC")
    delivered = message_event(phone, event_type="message.delivered", message_id=message_id, text="Running late")
    received = message_event(phone, event_type="message.received", message_id=message_id, text="Running late",
                             generation="v4")
    first = webhook.deliver(delivered)
    second = webhook.deliver(received, "legacy")
    assert first.status_code == second.status_code == 200
    assert second.json()["duplicate"] is False  # a different event about the same message
    assert first.json()["conversationId"] == second.json()["conversationId"]
    [listed] = conversations_of(stack, phone)
    assert listed["unreadCount"] == 1 and listed["lastMessage"]["text"] == "Running late"
    assert stored_rows(stack, phone) == {"conversations": 1, "messages": 1, "events": 2}


def test_an_older_message_arriving_late_does_not_replace_the_last_one(stack, webhook, numbers):
    phone = numbers.number()
    now = int(time.time() * 1000)
    assert webhook.deliver(message_event(phone, text="second", created_ms=now)).status_code == 200
    assert webhook.deliver(message_event(phone, text="first", created_ms=now - 60_000)).status_code == 200
    [listed] = conversations_of(stack, phone)
    assert listed["lastMessage"]["text"] == "second" and listed["unreadCount"] == 2


# --- what is not a message ----------------------------------------------------------------------

@pytest.mark.parametrize("event_type", ["call.completed", "contact.updated", "something.new.from.openphone"])
def test_an_event_without_a_message_is_acknowledged_and_not_stored(stack, webhook, event_type):
    before = query_db(stack, "SELECT COUNT(*) FROM processed_events")[0][0]
    event = {"id": unique_id("EV"), "object": "event", "apiVersion": "v4", "createdAt": "2026-11-25T13:00:00.000Z",
             "type": event_type, "data": {"object": {"id": unique_id("AC"), "object": "call"}}}
    response = validated(webhook.deliver(event))
    assert response.status_code == 200, response.text
    assert response.json() == {"received": True, "eventId": event["id"], "type": event_type, "stored": False}
    assert query_db(stack, "SELECT COUNT(*) FROM processed_events")[0][0] == before


@pytest.mark.parametrize("body,code,event_id", [
    (b'{"id":"EV1","type":"message.received",', "invalid_json", None),
    (b"\xff\xfe not utf-8", "invalid_json", None),
    (b"[1,2,3]", "invalid_json", None),
    (b'{"type":"message.received","createdAt":"2026-11-25T13:00:00Z","data":{}}', "missing_field", None),
    (b'{"id":"EVunreadable1","type":"message.received","createdAt":"2026-11-25T13:00:00Z","data":{}}',
     "missing_field", "EVunreadable1"),
])
def test_a_signed_but_unreadable_payload_is_kept_and_acknowledged(stack, webhook, body, code, event_id):
    # A 4xx would make OpenPhone give up on it after its retries: keep it, answer 2xx.
    body = body.replace(b"EVunreadable1", unique_id("EV").encode())
    event_id = event_id and body.split(b'"')[3].decode()
    answers = [validated(webhook.post_raw(body, standard_headers(webhook.secret, body))) for _ in range(2)]
    assert [a.status_code for a in answers] == [202, 202], [a.text for a in answers]
    answer = answers[0].json()
    assert answer["received"] is True and answer["stored"] is False and answer["deadLetter"] is True
    assert answer["reason"] == code and answer.get("eventId") == event_id
    assert answers[1].json()["duplicate"] is True
    # One row whatever the retries, holding the exact bytes.
    assert dead_letters_with(stack, body) == 1


def test_a_message_without_its_numbers_is_kept_as_a_dead_letter(stack, webhook, numbers):
    event = message_event(numbers.number())
    del event["data"]["context"]["senderIdentifier"]
    response = validated(webhook.deliver(event))
    assert response.status_code == 202, response.text
    assert response.json()["reason"] == "missing_field" and response.json()["eventId"] == event["id"]
    [(field, deliveries)] = query_db(stack, "SELECT error_field, deliveries FROM dead_letters WHERE event_id = ?",
                                     event["id"])
    assert field == "data.context.senderIdentifier" and deliveries == 1


def test_health_counts_the_dead_letters_waiting_for_a_replay(stack, webhook, numbers):
    def pending():
        health = stack.get("/api/contacts/health")
        assert health.status_code == 200
        openapi.validate(health, path="/api/contacts/health", method="GET")
        return health.json()["deadLetters"]["pending"]

    def stored():
        return query_db(stack, "SELECT COUNT(*) FROM dead_letters WHERE reprocessed_at IS NULL")[0][0]

    # The store's count, not health's: each health worker keeps its figures for up to a second,
    # so a first answer from one can still miss a letter an earlier test left.
    before = stored()
    event = message_event(numbers.number())
    del event["data"]["context"]["senderIdentifier"]
    assert validated(webhook.deliver(event)).status_code == 202
    assert stored() == before + 1
    # Health renders at most once a second: wait for the count, not for a guess of time.
    wait_until(lambda: pending() == before + 1, 5, message="health to count the new dead letter")


def test_get_is_a_json_405(stack):
    response = validated(stack.get(WEBHOOK_PATH))
    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"
    assert "POST" in response.headers.get("Allow", "POST")


def test_a_body_over_the_limit_is_a_json_413(stack, webhook, numbers):
    event = message_event(numbers.number(), text="x" * 300_000)
    response = validated(webhook.deliver(event))
    assert response.status_code == 413
    assert error_code(response) == "body_too_large"


def test_the_webhook_needs_no_credentials_but_is_not_the_inbox(stack, webhook, numbers):
    # Public for OpenPhone; the operator realm is not asked for, and nginx never forwards it.
    response = webhook.session.post(stack.base + WEBHOOK_PATH, data=b"{}", auth=stack.operator,
                                    headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 401 and error_code(response) == "missing_signature"
    assert "WWW-Authenticate" not in response.headers


# --- store first, name after --------------------------------------------------------------------

def test_a_blank_line_id_files_the_message_under_our_number(stack, webhook, numbers):
    phone = numbers.number()
    event = message_event(phone, generation="v4")
    event["data"]["object"]["phoneNumberId"] = ""
    response = webhook.deliver(event)
    assert response.status_code == 200, response.text
    [listed] = conversations_of(stack, phone)
    assert listed["line"] == "+19025550100"


@pytest.fixture(params=["instant", "profile"])
def hubspot_pace(request, healthy_hubspot, account_behaviour):
    """How fast HubSpot answers the naming tests: `instant` (no latency, whatever the profile:
    the delivery's own answer must name the conversation) or `profile` (the profile's latency,
    up to a second under the realistic one: the answer may say "pending", and the conversation
    list must show the outcome within NAMING_DEADLINE_S of the delivery)."""
    if request.param == "instant":
        account_behaviour(latencyMedianMs=0)
    return request.param


def named_in_the_answer_or_pending(answer: dict, pace: str, naming: str, name: str | None):
    """The delivery's answer: named at once when HubSpot is instant; else named or pending."""
    if pace == "instant" or answer["naming"] != "pending":
        assert (answer["naming"], answer["name"]) == (naming, name), answer
        assert answer["nameSource"] == ("hubspot" if name else None), answer
    else:
        assert answer["name"] is None and answer["nameSource"] is None, answer


def listed_once(stack, phone: str, conversation_id: int, condition) -> dict:
    """The conversation as the operator's list shows it, once `condition` holds for it (at
    once when the answer named it; within NAMING_DEADLINE_S when the naming was pending)."""
    def shown():
        listed = [c for c in conversations_of(stack, phone) if c["id"] == conversation_id]
        return listed[0] if listed and condition(listed[0]) else None
    return wait_until(shown, NAMING_DEADLINE_S, interval=0.2, message=f"the list to show {phone} named")


def test_a_known_number_is_named_in_the_answer_or_soon_after(stack, webhook, hubspot_pace):
    phone = "+19027900001"  # Ada Lovelace in the fixtures, written "(902) 790-0001" in HubSpot
    response = validated(webhook.deliver(message_event(phone, line=unique_id("PN"))))
    assert response.status_code == 200, response.text
    answer = response.json()
    named_in_the_answer_or_pending(answer, hubspot_pace, "hubspot", "Ada Lovelace")
    listed = listed_once(stack, phone, answer["conversationId"], lambda c: c["name"] is not None)
    assert (listed["name"], listed["nameSource"]) == ("Ada Lovelace", "hubspot")
    assert listed["company"] == "Analytical Engines" and listed["hubspotContactId"] == "1101"


def test_an_unknown_number_is_stored_unnamed(stack, webhook, numbers, hubspot_pace):
    phone = numbers.number()
    answer = webhook.deliver(message_event(phone)).json()
    assert answer["stored"] is True
    named_in_the_answer_or_pending(answer, hubspot_pace, "not_found", None)
    # Recorded as "not in HubSpot" (looked up again in hours, not at every list), and unnamed.
    assert wait_for_lookups(stack, [phone]) == {phone: "notFound"}
    [listed] = conversations_of(stack, phone)
    assert listed["name"] is None and listed["hubspotContactId"] is None


def test_a_contact_without_a_name_is_linked_but_never_called_unknown(stack, webhook, hubspot_pace):
    phone = "+14165550100"  # contact 801 in the fixtures has a number and no name
    answer = webhook.deliver(message_event(phone, line=unique_id("PN"))).json()
    named_in_the_answer_or_pending(answer, hubspot_pace, "nameless", None)
    listed = listed_once(stack, phone, answer["conversationId"], lambda c: c["hubspotContactId"] is not None)
    assert listed["name"] is None and listed["hubspotContactId"] == "801"


def test_a_short_code_is_stored_and_never_sent_to_hubspot(stack, webhook):
    searches = stack.emulator.calls("search")
    answer = webhook.deliver(message_event("22395", generation="v4", line=unique_id("PN"),
                                           text="Your code is 123456")).json()
    assert answer["stored"] is True and answer["naming"] == "not_a_phone_number"
    assert stack.emulator.calls("search") == searches
    listed = [c for c in conversations_of(stack, "+22395") if c["id"] == answer["conversationId"]]
    assert listed[0]["phone"] == "+22395" and listed[0]["name"] is None


@pytest.mark.parametrize("fault", [{"status": 503}, {"mode": "down"}, {"mode": "timeout", "timeoutMs": 10000}],
                         ids=["503", "down", "hanging"])
def test_hubspot_down_never_delays_or_loses_a_delivery(stack, webhook, fault):
    phone = "+19027900002"  # Alan Turing in the fixtures
    line = unique_id("PN")
    stack.emulator.fault(**fault)
    started = time.monotonic()
    response = webhook.deliver(message_event(phone, line=line, text="Are you open?"))
    elapsed = time.monotonic() - started
    assert response.status_code == 200, response.text
    assert elapsed < 2, f"the delivery waited {elapsed:.2f} s on HubSpot"
    answer = response.json()
    assert answer["stored"] is True and answer["naming"] == "pending" and answer["name"] is None
    # An error says nothing about the number: recorded as an error (once the lookup gave up,
    # in the delivery or after it), retried within minutes, not as "not in HubSpot" for hours.
    assert wait_for_lookups(stack, [phone]) == {phone: "error"}
    [(outcome, next_lookup_at)] = query_db(
        stack, "SELECT lookup_outcome, next_lookup_at FROM conversations WHERE id = ?", answer["conversationId"])
    assert outcome == "error"
    assert next_lookup_at - time.time() * 1000 <= 6 * 60_000
    stack.emulator.clear_faults()
    # Nor was the error cached: a lookup of the number now finds the contact.
    lookup = stack.get("/api/contacts/lookup/" + phone, auth=stack.operator).json()
    assert lookup["found"] is True and lookup["contact"]["name"] == "Alan Turing"


def test_the_background_sync_names_what_the_webhook_could_not(stack, webhook):
    phone = "+19027900007"  # Frances Allen in the fixtures
    stack.emulator.fault(status=503, endpoint="search")
    answer = webhook.deliver(message_event(phone, line=unique_id("PN"))).json()
    assert answer["naming"] == "pending"
    # HubSpot stays down until the lookup gave up, so that the sync is what names the number.
    assert wait_for_lookups(stack, [phone]) == {phone: "error"}
    stack.emulator.clear_faults()
    stack.clear_cache()
    # HubSpot errors are retried 5 minutes later: let those 5 minutes pass.
    with sqlite3.connect(messages_db(stack), timeout=5) as db:
        db.execute("UPDATE conversations SET next_lookup_at = next_lookup_at - 300000 WHERE id = ?",
                   (answer["conversationId"],))
    sync = subprocess.run([str(paths.binary("contacts-sync")), "--once"], env=stack_environment(stack),
                          capture_output=True, text=True, timeout=60)
    assert sync.returncode == 0, sync.stderr
    [listed] = [c for c in conversations_of(stack, phone) if c["id"] == answer["conversationId"]]
    assert listed["name"] == "Frances Allen" and listed["nameSource"] == "hubspot"


@pytest.mark.parametrize("table", ["messages", "processed_events"])
def test_a_store_failure_is_a_503_so_openphone_retries(stack, webhook, numbers, table):
    # `messages` fails the write early; `processed_events` fails it after the conversation and
    # the message were inserted in the same transaction.
    phone = numbers.number()
    event = message_event(phone)
    with sqlite3.connect(messages_db(stack), timeout=5) as db:
        db.execute(f"CREATE TRIGGER e2e_refuse_messages BEFORE INSERT ON {table} "
                   "BEGIN SELECT RAISE(ABORT, 'e2e: store refused'); END")
    try:
        refused = validated(webhook.deliver(event))
        assert refused.status_code == 503, refused.text
        assert error_code(refused) == "store_unavailable"
        assert refused.headers.get("Retry-After")
        # Nothing half-written: no conversation without its message, no event marked processed.
        assert stored_rows(stack, phone) == {"conversations": 0, "messages": 0, "events": 0}
        assert query_db(stack, "SELECT COUNT(*) FROM processed_events WHERE event_id = ?", event["id"])[0][0] == 0
    finally:
        with sqlite3.connect(messages_db(stack), timeout=5) as db:
            db.execute("DROP TRIGGER IF EXISTS e2e_refuse_messages")
    retried = webhook.deliver(event)
    assert retried.status_code == 200, retried.text
    assert retried.json()["stored"] is True and retried.json()["duplicate"] is False
    assert stored_rows(stack, phone) == {"conversations": 1, "messages": 1, "events": 1}


# --- without a secret ---------------------------------------------------------------------------

def test_without_a_secret_every_delivery_is_refused_with_503_and_the_address_is_rate_limited():
    # A real deployment (a HubSpot token, so no emulator and no demo secret) without
    # OPENPHONE_WEBHOOK_SECRET: deliveries are refused, loudly, rather than accepted unsigned.
    # A small burst, so that a flood of 120 is over it (the default burst absorbs OpenPhone's own).
    bare = Stack({"HUBSPOT_ACCESS_TOKEN": "pat-e2e-not-used", "HUBSPOT_BASE_URL": "http://127.0.0.1:9",
                  "OPENPHONE_WEBHOOK_SECRET": "", "PUBLIC_RATE": "20r/s", "PUBLIC_BURST": "20"}).start()
    try:
        assert not (bare.state_dir / "auth" / "webhook-secret").exists()
        phone = NumberBlock().number()
        body = encode(message_event(phone))
        response = validated(bare.session().post(bare.base + WEBHOOK_PATH, data=body,
                                                 headers=standard_headers(new_secret(), body), timeout=10))
        assert response.status_code == 503, response.text
        assert error_code(response) == "webhook_not_configured"
        assert query_db(bare, "SELECT COUNT(*) FROM conversations")[0][0] == 0
        assert "webhook_not_configured" in bare.logs_text()
        # The only public endpoint with a per-address rate: a flood gets JSON 429s from nginx.
        with ThreadPoolExecutor(16) as pool:
            flood = list(pool.map(lambda _: bare.session().post(bare.base + WEBHOOK_PATH, data=b"{}", timeout=10),
                                  range(120)))
        statuses = {r.status_code for r in flood}
        assert statuses <= {503, 429} and 429 in statuses, statuses
        limited = next(r for r in flood if r.status_code == 429)
        assert error_code(validated(limited)) == "rate_limited"
    finally:
        bare.stop()
        bare.cleanup()


# --- secrets ------------------------------------------------------------------------------------

def test_the_secret_never_appears_in_logs_or_answers(stack, webhook, numbers):
    secret = stack_secret(stack)
    key = secret.removeprefix("whsec_")
    answers = [webhook.deliver(message_event(numbers.number())).text,
               webhook.post_raw(b"{}", {"Content-Type": "application/json"}).text,
               webhook.deliver(message_event(numbers.number()), "legacy", timestamp_ms=1).text,
               stack.get(CONVERSATIONS_PATH, auth=stack.operator).text,
               stack.get("/api/contacts/health").text]
    for text in answers + [stack.logs_text()]:
        assert key not in text
    # The banner says where the demo secret is, not what it is.
    assert "webhook-secret" in stack.log()

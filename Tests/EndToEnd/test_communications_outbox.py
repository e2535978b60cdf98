"""Every stored message on its contact's HubSpot timeline (HUBSPOT_LOG_MESSAGES=1): the outbox
process (`messages-outbox`) logs incoming and outgoing texts as SMS communications associated to
the contact, once each — through HubSpot's 429s, lost answers (a batch committed whose answer
never came) and outages — and a number that is not a contact waits until it is one."""
import json
import time

import pytest
import requests

from harness.openphone import Webhook, message_event, NumberBlock
from harness.processes import wait_until
from harness.stack import Stack

TOKEN = "emulator-token"


@pytest.fixture(scope="module")
def logging_stack():
    stack = Stack({"HUBSPOT_LOG_MESSAGES": "1", "HUBSPOT_OUTBOX_INTERVAL": "1", "HUBSPOT_OUTBOX_RATE": "10",
                   # A batch whose answer was lost is checked after 3 s instead of 30.
                   "HUBSPOT_OUTBOX_ANSWER_WAIT_MS": "3000",
                   "HUBSPOT_OWNER_IDS": f"{Stack.operator[0]}=77,someone-else=78"}).start()
    try:
        yield stack
    finally:
        stack.finish()


def emulator(stack, method: str, path: str, body: dict | None = None) -> dict:
    answer = requests.request(method, f"http://127.0.0.1:{stack.emulator_port}{path}", json=body, timeout=10,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    assert answer.status_code < 300, answer.text
    return answer.json() if answer.content else {}


def communications(stack) -> list[dict]:
    return emulator(stack, "GET", "/__emulator/communications?limit=100000")["results"]


def logged_bodies(stack, phone: str) -> list[str]:
    return [c["properties"]["hs_communication_body"] for c in communications(stack)
            if phone in c["properties"].get("hs_communication_body", "")]


def new_contact(stack, phone: str, first: str = "Log", last: str = "Test") -> str:
    """Made through the emulator's control path: its webhooks as the API's, outside the account's
    rate limits (which the stack's own calls share under the realistic profile)."""
    created = emulator(stack, "POST", "/__emulator/contacts",
                       {"properties": {"firstname": first, "lastname": last, "phone": phone}})
    return created["id"]


def test_incoming_and_outgoing_texts_are_logged_once_to_the_contact(logging_stack):
    stack, webhook = logging_stack, Webhook(logging_stack)
    phone = NumberBlock().number()
    contact = new_contact(stack, phone)
    for text in ["Is bay 3 free?", "At 6 please"]:
        assert webhook.deliver(message_event(phone, text=text)).status_code == 200
    assert webhook.deliver(message_event(phone, direction="outgoing", event_type="message.delivered",
                                         text="Yes, booked")).status_code == 200
    bodies = wait_until(lambda: len(b := logged_bodies(stack, phone)) == 3 and b, 30, message="3 communications")
    assert sorted(bodies) == sorted([f"SMS from {phone}:\nIs bay 3 free?", f"SMS from {phone}:\nAt 6 please",
                                     f"SMS to {phone}:\nYes, booked"])
    mine = [c for c in communications(stack) if phone in c["properties"]["hs_communication_body"]]
    assert all(c["contactIds"] == [contact] for c in mine)
    assert all(c["properties"]["hs_communication_channel_type"] == "SMS" for c in mine)
    # Health is rendered at most once a second: wait for the outbox's report to show.
    wait_until(lambda: stack.get("/api/contacts/health").json()["hubspotSync"].get("services", {})
               .get("hubspot_outbox", {}).get("state") == "ok", 5, message="health shows the outbox ok")


def test_a_text_sent_from_the_inbox_is_logged_with_its_senders_owner(logging_stack):
    stack, webhook = logging_stack, Webhook(logging_stack)
    phone = NumberBlock().number()
    new_contact(stack, phone)
    sent = stack.request("POST", "/api/messages", auth=stack.operator,
                         json={"to": phone, "text": "Your bay is ready"})
    assert sent.status_code == 202, sent.text
    wanted = f"SMS to {phone} (sent by {stack.operator[0]}):\nYour bay is ready"
    logged = wait_until(lambda: [c for c in communications(stack) if c["properties"]["hs_communication_body"] == wanted],
                        30, message="the sent text logged")
    assert [c["properties"].get("hubspot_owner_id") for c in logged] == ["77"]


def test_a_number_that_is_not_a_contact_waits_until_it_is_one(logging_stack):
    stack, webhook = logging_stack, Webhook(logging_stack)
    phone = NumberBlock().number()
    assert webhook.deliver(message_event(phone, text="Who is this?")).status_code == 200
    wait_until(lambda: stack.get("/api/contacts/health").json()["hubspotSync"]["outbox"]["waitingForContact"] >= 1,
               15, message="the message waiting for a contact")
    assert logged_bodies(stack, phone) == []
    new_contact(stack, phone, "Now", "Known")  # HubSpot's creation event names the conversation
    wait_until(lambda: logged_bodies(stack, phone) == [f"SMS from {phone}:\nWho is this?"], 30,
               message="logged once the contact exists")


def test_429s_and_lost_answers_never_log_a_message_twice(logging_stack, record_property):
    stack, webhook = logging_stack, Webhook(logging_stack)
    block = NumberBlock()
    phones = block.numbers(20)
    for phone in phones:
        new_contact(stack, phone)
    emulator(stack, "POST", "/__emulator/faults", {"status": 429, "every": 5, "endpoint": "communicationsBatchCreate"})
    try:
        for round_ in range(10):
            for phone in phones:
                assert webhook.deliver(message_event(phone, text=f"message {round_}")).status_code == 200
            if round_ == 4:
                # The next batch is stored by HubSpot but its answer never arrives.
                emulator(stack, "POST", "/__emulator/faults", {"loseAnswer": {"mode": "close", "count": 1},
                                                             "endpoint": "communicationsBatchCreate"})
        wanted = {f"SMS from {phone}:\nmessage {n}" for phone in phones for n in range(10)}
        bodies = wait_until(lambda: wanted <= set(b := [c["properties"]["hs_communication_body"]
                                                        for c in communications(stack)]) and b, 120,
                            message="all 200 messages logged")
    finally:
        emulator(stack, "DELETE", "/__emulator/faults")
    # The lost batch is checked against HubSpot (found there, not sent again); then nothing is left.
    def settled():
        outbox = stack.get("/api/contacts/health").json()["hubspotSync"]["outbox"]
        return outbox["unconfirmed"] == 0 and outbox["pending"] == 0
    wait_until(settled, 60, message="the outbox settled")
    bodies = [c["properties"]["hs_communication_body"] for c in communications(stack)]
    mine = [body for body in bodies if body in wanted]
    assert len(mine) == len(wanted) == 200, "a message was logged twice"
    stats = emulator(stack, "GET", "/__emulator/stats")
    assert stats["communications"]["duplicates"] == 0
    assert stats["lostAnswers"] >= 1
    record_property("outbox_batch_calls", stats["communications"]["batchCalls"])


def test_with_contact_creation_on_a_stranger_gets_a_contact_and_the_message_is_logged():
    stack = Stack({"HUBSPOT_LOG_MESSAGES": "1", "HUBSPOT_OUTBOX_INTERVAL": "1", "HUBSPOT_LOG_CREATE_CONTACTS": "1"}).start()
    try:
        phone = NumberBlock().number()
        assert Webhook(stack).deliver(message_event(phone, text="First time texting")).status_code == 200
        # Once HubSpot has said it has no such contact, the outbox creates one and logs the message.
        wait_until(lambda: logged_bodies(stack, phone) == [f"SMS from {phone}:\nFirst time texting"], 30,
                   message="the stranger's message logged")
        contacts = emulator(stack, "POST", "/crm/v3/objects/contacts/search",
                            {"filterGroups": [{"filters": [{"propertyName": "phone", "operator": "EQ", "value": phone}]}]})
        assert contacts["total"] == 1
    finally:
        stack.finish()

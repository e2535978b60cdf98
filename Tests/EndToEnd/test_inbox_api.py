"""The inbox API through nginx, against the bundled OpenPhone emulator: a conversation's thread
(oldest first, cursor paging), marking it read, sending (stored before OpenPhone is asked, once
per Idempotency-Key, failures kept with their reason and retried, status moved on by OpenPhone's
signed webhooks), new conversations by number, and customers who texted STOP."""
import statistics
import time
import uuid

import pytest

from harness import openapi
from harness.openphone import CONVERSATIONS_PATH, NumberBlock, message_event
from harness.processes import wait_until

SEND_PATH = "/api/messages"
# The emulator's line (its default workspace): sends go out from it, webhooks name it.
LINE = "PNdemo01"
LINE_NUMBER = "+19025550100"

pytestmark = pytest.mark.usefixtures("healthy_openphone")


@pytest.fixture
def healthy_openphone(stack):
    stack.openphone.clear_faults()
    stack.openphone.reset_behaviour()
    yield
    stack.openphone.clear_faults()
    stack.openphone.reset_behaviour()


@pytest.fixture
def operator(stack):
    return stack.session(stack.operator)


_last_ms = 0


def next_ms() -> int:
    """Now in milliseconds, strictly increasing across calls."""
    global _last_ms
    _last_ms = max(_last_ms + 1, int(time.time() * 1000))
    return _last_ms


def thread_path(conversation: int) -> str:
    return f"{CONVERSATIONS_PATH}/{conversation}/messages"


def conversation_with(stack, webhook, phone: str, texts: list[str]) -> int:
    """A conversation on the emulator's line holding `texts` from the customer, oldest first, sent
    just now (replies sent from here come after them)."""
    for text in texts:
        response = webhook.deliver(message_event(phone, text=text, created_ms=next_ms(), line=LINE,
                                                 line_number=LINE_NUMBER))
        assert response.status_code == 200, response.text
    listed = stack.session(stack.operator).get(stack.base + CONVERSATIONS_PATH, params={"q": phone[2:]}, timeout=10)
    [conversation] = listed.json()["conversations"]
    return conversation["id"]


def read_thread(operator, stack, conversation: int, **params):
    response = operator.get(stack.base + thread_path(conversation), params=params, timeout=10)
    openapi.validate(response, path=f"{CONVERSATIONS_PATH}/{{id}}/messages", method="GET")
    return response


def send(operator, stack, body: dict, key: str | None = None):
    headers = {"Idempotency-Key": key} if key else {}
    response = operator.post(stack.base + SEND_PATH, json=body, headers=headers, timeout=15)
    openapi.validate(response, path=SEND_PATH, method="POST")
    return response


def message_status(operator, stack, conversation: int, message_id: str) -> dict:
    messages = read_thread(operator, stack, conversation).json()["messages"]
    return next(message for message in messages if message["id"] == message_id)


def wait_for_status(operator, stack, conversation: int, message_id: str, status: str, timeout: float = 15) -> dict:
    return wait_until(lambda: (found := message_status(operator, stack, conversation, message_id))["status"] == status
                      and found, timeout, message=f"{message_id} {status}")


def test_a_thread_pages_back_in_time_oldest_first(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, [f"message {n}" for n in range(7)])

    newest = read_thread(operator, stack, conversation, limit=3).json()
    middle = read_thread(operator, stack, conversation, limit=3, before=newest["before"]).json()
    oldest = read_thread(operator, stack, conversation, limit=3, before=middle["before"]).json()

    assert [m["text"] for m in newest["messages"]] == ["message 4", "message 5", "message 6"]
    assert [m["text"] for m in middle["messages"]] == ["message 1", "message 2", "message 3"]
    assert [m["text"] for m in oldest["messages"]] == ["message 0"] and oldest["before"] is None
    assert newest["conversation"]["id"] == conversation and newest["conversation"]["phone"] == phone
    first = newest["messages"][0]
    assert first["direction"] == "incoming" and first["status"] == "received" and first["sentBy"] is None


@pytest.mark.parametrize("path,code,status", [
    ("/999999999/messages", "conversation_not_found", 404),
    ("/abc/messages", "conversation_not_found", 404),
    ("/1/messages?before=yesterday", "invalid_cursor", 400),
    ("/1/messages?limit=0", "invalid_limit", 400),
])
def test_thread_refusals_are_json(stack, operator, path, code, status):
    response = operator.get(stack.base + CONVERSATIONS_PATH + path, timeout=10)
    assert response.status_code == status and response.json()["error"]["code"] == code


def test_the_thread_and_sending_are_for_operators_only(stack):
    assert stack.get(thread_path(1)).status_code == 401
    assert stack.request("POST", SEND_PATH, json={"conversationId": 1, "text": "hi"}).status_code == 401


def test_marking_read_clears_the_unread_count(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["one", "two"])
    listed = operator.get(stack.base + CONVERSATIONS_PATH, params={"q": phone[2:]}, timeout=10).json()
    assert listed["conversations"][0]["unreadCount"] == 2

    response = operator.post(stack.base + f"{CONVERSATIONS_PATH}/{conversation}/read", json={}, timeout=10)

    openapi.validate(response, path=f"{CONVERSATIONS_PATH}/{{id}}/read", method="POST")
    assert response.status_code == 200 and response.json()["conversation"]["unreadCount"] == 0
    listed = operator.get(stack.base + CONVERSATIONS_PATH, params={"q": phone[2:]}, timeout=10).json()
    assert listed["conversations"][0]["unreadCount"] == 0
    missing = operator.post(stack.base + f"{CONVERSATIONS_PATH}/999999999/read", json={}, timeout=10)
    assert missing.status_code == 404


def test_a_reply_is_stored_sent_once_and_shown_delivered(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["Is bay 3 free at 6?"])
    before = stack.openphone.accepted_sends()

    response = send(operator, stack, {"conversationId": conversation, "text": "Yes, see you at 6"}, key=str(uuid.uuid4()))

    assert response.status_code == 202, response.text
    message = response.json()["message"]
    assert message["status"] in ("queued", "sent", "delivered") and message["sentBy"] == stack.operator[0]
    assert message["direction"] == "outgoing" and message["text"] == "Yes, see you at 6"
    delivered = wait_for_status(operator, stack, conversation, message["id"], "delivered")
    assert delivered["failure"] is None
    assert stack.openphone.accepted_sends() == before + 1
    [sent] = [m for m in stack.openphone.messages() if m.get("text") == "Yes, see you at 6" and m["to"] == [phone]]
    assert sent["from"] == LINE_NUMBER
    thread = read_thread(operator, stack, conversation).json()
    assert [m["text"] for m in thread["messages"]] == ["Is bay 3 free at 6?", "Yes, see you at 6"]
    assert thread["conversation"]["lastMessage"]["direction"] == "outgoing"


def test_the_same_idempotency_key_sends_once(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["hello"])
    key = str(uuid.uuid4())
    before = stack.openphone.accepted_sends()

    first = send(operator, stack, {"conversationId": conversation, "text": "Only once"}, key=key)
    second = send(operator, stack, {"conversationId": conversation, "text": "Only once"}, key=key)
    reused = send(operator, stack, {"conversationId": conversation, "text": "Something else"}, key=key)

    assert first.status_code == second.status_code == 202
    assert first.json()["message"]["id"] == second.json()["message"]["id"]
    assert reused.status_code == 409 and reused.json()["error"]["code"] == "idempotency_key_reused"
    assert stack.openphone.accepted_sends() == before + 1
    texts = [m["text"] for m in read_thread(operator, stack, conversation).json()["messages"]]
    assert texts.count("Only once") == 1 and "Something else" not in texts


def test_openphone_down_keeps_the_message_failed_and_a_retry_sends_it(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["hello"])
    stack.openphone.fault(status=503, count=5)

    response = send(operator, stack, {"conversationId": conversation, "text": "Your bay is ready"}, key=str(uuid.uuid4()))

    assert response.status_code == 202, response.text
    failed = response.json()["message"]
    assert failed["status"] == "failed" and failed["failure"]["code"] == "openphone_unavailable"
    assert "503" in failed["failure"]["message"]
    assert message_status(operator, stack, conversation, failed["id"])["status"] == "failed"

    stack.openphone.clear_faults()
    retried = send(operator, stack, {"retryOf": failed["id"]}, key=str(uuid.uuid4()))

    assert retried.status_code == 202, retried.text
    assert retried.json()["message"]["id"] == failed["id"]
    wait_for_status(operator, stack, conversation, failed["id"], "delivered")
    texts = [m["text"] for m in read_thread(operator, stack, conversation).json()["messages"]]
    assert texts.count("Your bay is ready") == 1
    # Only a failed message can be retried.
    again = send(operator, stack, {"retryOf": failed["id"]})
    assert again.status_code == 404 and again.json()["error"]["code"] == "message_not_found"


def test_a_failure_openphone_reports_later_is_shown_with_its_reason(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["hello"])
    stack.openphone.behave(outcome="failed", failureCode="30007", failureMessage="Carrier filtered the message")

    response = send(operator, stack, {"conversationId": conversation, "text": "Promo!"}, key=str(uuid.uuid4()))

    assert response.status_code == 202
    failed = wait_for_status(operator, stack, conversation, response.json()["message"]["id"], "failed")
    assert failed["sentBy"] == stack.operator[0]
    assert failed["failure"] == {"code": "not_delivered", "message": "Carrier filtered the message (30007)"}


def test_a_new_conversation_by_number_gets_the_customers_answer(stack, operator):
    phone = NumberBlock().number()

    response = send(operator, stack, {"to": phone, "text": "Hi, this is the golf centre"}, key=str(uuid.uuid4()))

    assert response.status_code == 202, response.text
    conversation = response.json()["conversation"]
    assert conversation["phone"] == phone and conversation["line"] == LINE
    stack.openphone.inbound(phone, "Thanks!")
    messages = wait_until(lambda: len(m := read_thread(operator, stack, conversation["id"]).json()["messages"]) == 2 and m,
                          15, message="the answer in the same conversation")
    assert [m["direction"] for m in messages] == ["outgoing", "incoming"]
    listed = operator.get(stack.base + CONVERSATIONS_PATH, params={"q": phone[2:]}, timeout=10).json()
    assert [c["id"] for c in listed["conversations"]] == [conversation["id"]]


def test_a_customer_who_texted_stop_cannot_be_messaged_until_start(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["hello", "STOP"])
    before = stack.openphone.accepted_sends()

    refused = send(operator, stack, {"conversationId": conversation, "text": "One more offer"}, key=str(uuid.uuid4()))
    by_number = send(operator, stack, {"to": phone, "text": "One more offer"}, key=str(uuid.uuid4()))

    assert refused.status_code == 409 and refused.json()["error"]["code"] == "opted_out"
    assert by_number.status_code == 409
    assert read_thread(operator, stack, conversation).json()["conversation"]["optedOut"] is True
    assert stack.openphone.accepted_sends() == before
    conversation_with(stack, webhook, phone, ["start"])
    allowed = send(operator, stack, {"conversationId": conversation, "text": "Welcome back"}, key=str(uuid.uuid4()))
    assert allowed.status_code == 202 and allowed.json()["conversation"]["optedOut"] is False


@pytest.mark.parametrize("body,code", [
    ({"conversationId": 1, "text": ""}, "invalid_text"),
    ({"conversationId": 1, "text": "   "}, "invalid_text"),
    ({"conversationId": 1, "text": "x" * 1601}, "invalid_text"),
    ({"conversationId": 1, "to": "+19025551234", "text": "hi"}, "invalid_recipient"),
    ({"text": "hi"}, "invalid_recipient"),
    ({"to": "not a number", "text": "hi"}, "invalid_phone"),
    ({"conversationId": "7", "text": "hi"}, "invalid_field"),
    ({"conversationId": 1, "text": "hi", "priority": "high"}, "invalid_field"),
    ({"retryOf": "AC123"}, "invalid_field"),
])
def test_bad_sends_are_400s_naming_the_problem(stack, operator, body, code):
    before = stack.openphone.accepted_sends()
    response = send(operator, stack, body)
    assert response.status_code == 400 and response.json()["error"]["code"] == code, response.text
    assert stack.openphone.accepted_sends() == before


def test_1600_characters_of_any_script_are_accepted(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["hello"])
    text = "é" * 1599 + "👍"
    response = send(operator, stack, {"conversationId": conversation, "text": text}, key=str(uuid.uuid4()))
    assert response.status_code == 202 and response.json()["message"]["text"] == text


def test_unknown_conversations_and_bad_keys_are_refused(stack, operator):
    missing = send(operator, stack, {"conversationId": 999999999, "text": "hi"})
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "conversation_not_found"
    bad_key = send(operator, stack, {"conversationId": 1, "text": "hi"}, key="two words")
    assert bad_key.status_code == 400 and bad_key.json()["error"]["code"] == "invalid_idempotency_key"


def test_the_openphone_key_never_shows(stack, webhook, operator):
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, ["hello"])
    stack.openphone.fault(status=401, count=1)
    response = send(operator, stack, {"conversationId": conversation, "text": "hi"}, key=str(uuid.uuid4()))
    assert response.status_code == 202 and response.json()["message"]["failure"]["code"] == "openphone_unauthorized"
    key = "emulator-openphone-key"
    assert key not in response.text
    assert key not in stack.logs_text()


def test_send_to_delivered_and_thread_page_figures(stack, webhook, operator, record_property):
    """The issue's figures: send → `delivered` shown (median over 10 sends, through nginx, the
    responder, OpenPhone's 202 and its signed webhook back) and a 50-message thread page."""
    phone = NumberBlock().number()
    conversation = conversation_with(stack, webhook, phone, [f"m{n}" for n in range(40)])
    seconds = []
    for n in range(10):
        started = time.monotonic()
        response = send(operator, stack, {"conversationId": conversation, "text": f"reply {n}"}, key=str(uuid.uuid4()))
        wait_for_status(operator, stack, conversation, response.json()["message"]["id"], "delivered")
        seconds.append(time.monotonic() - started)
    pages = []
    for _ in range(20):
        started = time.monotonic()
        page = read_thread(operator, stack, conversation, limit=50)
        pages.append(time.monotonic() - started)
        assert page.status_code == 200 and len(page.json()["messages"]) == 50
    record_property("send_to_delivered_median_ms", round(statistics.median(seconds) * 1000))
    record_property("thread_page_50_median_ms", round(statistics.median(pages) * 1000, 1))
    print(f"send → delivered median {statistics.median(seconds) * 1000:.0f} ms (emulator delivery delay 200 ms); "
          f"50-message thread page median {statistics.median(pages) * 1000:.1f} ms")

"""OpenPhone webhook deliveries made in Python, independently of the Swift signer: payloads of
both generations (legacy `data.object`, new `data.resource` + `data.context`) and both signing
schemes (legacy `openphone-signature: hmac;1;<ms>;<base64>` and Standard Webhooks
`webhook-id`/`webhook-timestamp`/`webhook-signature: v1,<base64>`), plus the stack's settings a
test needs to run `contacts-sync` against the same store, cache and HubSpot emulator."""
import base64
import hashlib
import hmac
import itertools
import json
import os
import sqlite3
import time
import uuid
from datetime import datetime, timezone
from pathlib import Path

from .processes import wait_until

WEBHOOK_PATH = "/api/webhooks/openphone"
CONVERSATIONS_PATH = "/api/messages/conversations"
OUR_LINE_NUMBER = "+19025550100"

_counter = itertools.count(1)


def new_secret() -> str:
    """A fresh Standard Webhooks style secret (`whsec_` + base64 of 24 random bytes)."""
    return "whsec_" + base64.b64encode(os.urandom(24)).decode()


def key_of(secret: str) -> bytes:
    """The HMAC key: the base64-decoded secret, `whsec_` prefix stripped."""
    secret = secret.strip()
    if secret.startswith("whsec_"):
        secret = secret[len("whsec_"):]
    return base64.b64decode(secret)


def _mac(secret: str, content: bytes) -> str:
    return base64.b64encode(hmac.new(key_of(secret), content, hashlib.sha256).digest()).decode()


def legacy_headers(secret: str, body: bytes, timestamp_ms: int | None = None) -> dict:
    """`openphone-signature: hmac;1;<timestamp ms>;<base64 HMAC(key, "<ts>.<body>")>`."""
    ts = str(int(time.time() * 1000) if timestamp_ms is None else timestamp_ms)
    return {"openphone-signature": f"hmac;1;{ts};{_mac(secret, ts.encode() + b'.' + body)}",
            "Content-Type": "application/json"}


def standard_headers(secret: str, body: bytes, timestamp_s: int | None = None, delivery_id: str | None = None) -> dict:
    """Standard Webhooks: `webhook-signature: v1,<base64 HMAC(key, "<id>.<ts>.<body>")>`."""
    ts = str(int(time.time()) if timestamp_s is None else timestamp_s)
    delivery = delivery_id or f"msg_{uuid.uuid4().hex}"
    signature = _mac(secret, f"{delivery}.{ts}.".encode() + body)
    return {"webhook-id": delivery, "webhook-timestamp": ts, "webhook-signature": f"v1,{signature}",
            "Content-Type": "application/json"}


def sign(secret: str, body: bytes, scheme: str = "standard", **kwargs) -> dict:
    return standard_headers(secret, body, **kwargs) if scheme == "standard" else legacy_headers(secret, body, **kwargs)


def iso(ms: int) -> str:
    return datetime.fromtimestamp(ms / 1000, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + f"{ms % 1000:03d}Z"


def unique_id(prefix: str) -> str:
    return f"{prefix}{uuid.uuid4().hex[:16]}{next(_counter)}"


def message_event(customer: str, *, generation: str = "new", event_type: str = "message.received",
                  direction: str = "incoming", text: str = "Hello from a test", event_id: str | None = None,
                  message_id: str | None = None, created_ms: int | None = None, line: str = "PNtestline01",
                  line_number: str = OUR_LINE_NUMBER) -> dict:
    """A message event about `customer` in the new (`2026-03-30`) or legacy (`v4`, `v2`) shape."""
    created_ms = int(time.time() * 1000) if created_ms is None else created_ms
    event_id = event_id or unique_id("EV")
    message_id = message_id or unique_id("AC")
    sender, recipient = (customer, line_number) if direction == "incoming" else (line_number, customer)
    status = "received" if direction == "incoming" else "delivered"
    if generation == "new":
        return {"id": event_id, "apiVersion": "2026-03-30", "createdAt": iso(created_ms), "type": event_type,
                "data": {"resource": {"id": message_id, "direction": direction, "text": text, "status": status,
                                      "createdAt": iso(created_ms)},
                         "context": {"phoneNumberId": line, "conversationId": "CN" + message_id[2:],
                                     "userId": "UStest", "contacts": {"ids": [], "lookupStatus": "unmatched"},
                                     "senderIdentifier": sender, "recipientIdentifiers": [recipient]},
                         "links": {}}}
    message = {"id": message_id, "object": "message", "from": sender, "direction": direction, "status": status,
               "createdAt": iso(created_ms), "userId": "UStest", "phoneNumberId": line}
    if generation == "v2":  # app-created: `body`, `to` a string, media, conversationId
        message.update(body=text, to=recipient, media=[], conversationId="CN" + message_id[2:])
    else:  # v4, API-created: `text`, `to` an array
        message.update(text=text, to=[recipient], contactIds=[])
    return {"id": event_id, "object": "event", "apiVersion": "v2" if generation == "v2" else "v4",
            "createdAt": iso(created_ms), "type": event_type, "data": {"object": message}}


_future = itertools.count(int(time.time() * 1000) + 10 * 365 * 86_400_000, 1000)


def future_ms() -> int:
    """Message times ten years ahead, increasing with every call: conversations made with them
    are the newest on a shared stack, so the first page of the unfiltered list is exactly the
    test's own."""
    return next(_future)


def encode(event: dict) -> bytes:
    return json.dumps(event, separators=(",", ":")).encode()


class Webhook:
    """Signs and POSTs deliveries to one stack's webhook through nginx."""

    def __init__(self, stack, secret: str | None = None):
        self.stack = stack
        self.secret = secret or stack_secret(stack)
        self.session = stack.session()

    def post_raw(self, body: bytes, headers: dict, retry_rate_limited: bool = True):
        """POSTs as given. nginx's per-address limit (PUBLIC_RATE, 20 r/s by default) is not what
        these tests are about: a 429 is retried after a pause, as OpenPhone would."""
        for _ in range(50):
            response = self.session.post(self.stack.base + WEBHOOK_PATH, data=body, headers=headers, timeout=15)
            if response.status_code != 429 or not retry_rate_limited:
                return response
            time.sleep(0.2)
        return response

    def deliver(self, event: dict, scheme: str = "standard", **sign_kwargs):
        body = encode(event)
        return self.post_raw(body, sign(self.secret, body, scheme, **sign_kwargs))


def stack_secret(stack) -> str:
    """The webhook secret the stack uses: the test's own, or the one it generated (emulator mode)."""
    configured = stack.extra_env.get("OPENPHONE_WEBHOOK_SECRET")
    if configured:
        return configured
    return (stack.state_dir / "auth" / "webhook-secret").read_text().strip()


def messages_db(stack) -> Path:
    return stack.state_dir / "messages" / "messages.db"


def stack_environment(stack, **overrides) -> dict:
    """What `nginx/stack run` gives its processes, for running `contacts-sync` by hand."""
    env = {**os.environ, **stack.extra_env,
           "MESSAGES_DB": str(messages_db(stack)),
           "CONTACTS_CACHE_FILE": str(stack.state_dir / "cache" / "contacts.cache"),
           "AUDIT_LOG": str(stack.state_dir / "logs" / "audit.log"),
           "HUBSPOT_BASE_URL": f"http://127.0.0.1:{stack.emulator_port}",
           "HUBSPOT_ACCESS_TOKEN": stack.extra_env.get("HUBSPOT_EMULATOR_TOKEN", "emulator-token")}
    env.pop("HUBSPOT_API_KEY", None)
    env.update({key: str(value) for key, value in overrides.items()})
    return env


def query_db(stack, sql: str, *args) -> list:
    """Reads the stack's message store directly (read-only; the responders keep writing)."""
    with sqlite3.connect(f"file:{messages_db(stack)}?mode=ro", uri=True, timeout=5) as db:
        return db.execute(sql, args).fetchall()


# A conversation the webhook could not name within its budget is named by the background within
# this long of its first delivery (issue 10: "every new conversation named within 30 s").
NAMING_DEADLINE_S = 30


def lookup_outcomes(stack, phones) -> dict:
    """The recorded HubSpot lookup outcome of each number's conversations (`found`, `notFound`,
    `error`; None while no lookup has finished)."""
    placeholders = ",".join("?" * len(phones))
    return dict(query_db(stack, f"SELECT customer, MIN(COALESCE(lookup_outcome, '')) FROM conversations "
                                f"WHERE customer IN ({placeholders}) GROUP BY customer", *phones))


def wait_for_lookups(stack, phones, timeout: float = NAMING_DEADLINE_S) -> dict:
    """Waits until a HubSpot lookup has finished for every conversation of `phones` (the
    webhook's own, or the background's it handed the number to) and returns the outcomes. Tests
    that inject a HubSpot failure keep it until then, so that no lookup still in flight lands
    after the fault is cleared."""
    phones = list(phones)

    def finished():
        outcomes = lookup_outcomes(stack, phones)
        return outcomes if len(outcomes) == len(set(phones)) and all(outcomes.values()) else None
    return wait_until(finished, timeout, message=f"a finished HubSpot lookup of {len(phones)} number(s)")


class NumberBlock:
    """Distinct, valid North American numbers for one test, all sharing a digit prefix so that
    `q=<prefix>` lists exactly this test's conversations on a shared stack."""

    _blocks = itertools.count(0)

    def __init__(self, area: str = "902"):
        block = next(self._blocks)
        # +1 <area> XBB NNNN, X = 8 then 6: the exchange is unique per block for the first 200
        # blocks of a test session (a session makes about 70); no fixture uses 6xx or 8xx.
        first = "8" if block % 200 < 100 else "6"
        self.prefix = f"1{area}{first}{block // 10 % 10}{block % 10}"
        self.seed = uuid.uuid4().int
        self._next = itertools.count(self.seed % 5000)

    def number(self) -> str:
        return f"+{self.prefix}{next(self._next) % 10000:04d}"

    def numbers(self, count: int) -> list[str]:
        return [self.number() for _ in range(count)]

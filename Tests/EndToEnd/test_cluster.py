"""Two hosts of one HubSpot account (two whole stacks, one HubSpot) sharing a Redis and a PostgreSQL
message store: together they keep HubSpot's search limit, which HubSpot counts per account, not
per host. An answer one host got serves the other; a clear or a created contact on one reaches the
other; a delivery to one is listed on the other, and a redelivery to the other is the same
message. When Redis dies each host falls back to its share (1/CLUSTER_HOSTS) of the rate, says
`degraded`, and keeps answering; when PostgreSQL dies deliveries and lists answer 503 (OpenPhone
retries) and nothing acknowledged is lost; both come back without a restart. No password shows."""
import json
import threading
import time

import pytest

from harness import openapi
from harness.openphone import Webhook, message_event, new_secret
from harness.postgres import PostgresServer
from harness.processes import wait_until
from harness.redis import RedisServer
from harness.stack import Stack

RATE = 40        # HUBSPOT_SEARCH_RATE: the account's searches per second, for both hosts together
EMULATED = 45    # HubSpot's own limit in the emulator (429 above it), as the default 4 against 5


@pytest.fixture(scope="module")
def redis():
    server = RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def postgres():
    server = PostgresServer().start()
    server.create_database("inbox")
    yield server
    server.remove()


@pytest.fixture(scope="module")
def hosts(redis, postgres):
    cluster = {"REDIS_URL": redis.url, "CLUSTER_HOSTS": "2", "REDIS_TIMEOUT_MS": "200",
               "MESSAGES_DATABASE_URL": postgres.url("inbox"), "OPENPHONE_WEBHOOK_SECRET": new_secret(),
               "HUBSPOT_SEARCH_RATE": str(RATE), "HUBSPOT_SEARCH_BURST": "1",
               "HUBSPOT_EMULATOR_SEARCH_RATE": str(EMULATED), "HUBSPOT_CHECK_INTERVAL_SECONDS": "3600"}
    first = Stack(cluster, profile="fast").start()
    # The second host asks the first one's HubSpot emulator: one account, two hosts.
    second = None
    try:
        second = Stack({**cluster, "HUBSPOT_ACCESS_TOKEN": "emulator-token",
                        "HUBSPOT_BASE_URL": f"http://127.0.0.1:{first.emulator_port}"}, profile="fast").start()
        yield first, second
    finally:
        for stack in (second, first):
            if stack:
                stack.finish()


def look_up_all(hosts, numbers: list[str], clients_per_host: int = 8) -> dict:
    """Every number looked up once, spread over both hosts; a lookup the stack's own budget
    refused (503 rate_limited: HubSpot was not asked) is asked again shortly, as a page would."""
    outcomes = {"answered": 0, "refused_by_budget": 0, "other": []}
    lock = threading.Lock()
    queue = list(enumerate(numbers))

    def client():
        # Each host has a CA of its own.
        sessions = [stack.session(auth=stack.operator) for stack in hosts]
        while True:
            with lock:
                if not queue:
                    return
                index, number = queue.pop()
            host = index % 2
            while True:
                response = sessions[host].get(hosts[host].base + "/api/contacts/lookup/" + number, timeout=30)
                if response.status_code == 200:
                    with lock:
                        outcomes["answered"] += 1
                    break
                if response.status_code == 503 and response.json()["error"]["code"] == "rate_limited":
                    with lock:
                        outcomes["refused_by_budget"] += 1
                    time.sleep(0.2)
                    continue
                with lock:
                    outcomes["other"].append(f"{response.status_code} {response.text[:200]}")
                break

    threads = [threading.Thread(target=client) for _ in range(clients_per_host * len(hosts))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return outcomes


def timed_lookups(hosts, numbers: list[str]) -> tuple[dict, float, dict]:
    """look_up_all from a reset emulator: the outcomes, the seconds they took and HubSpot's stats."""
    emulator = hosts[0].emulator
    emulator.reset()
    started = time.monotonic()
    outcomes = look_up_all(hosts, numbers)
    return outcomes, time.monotonic() - started, emulator.stats()


def health(stack) -> dict:
    response = stack.get("/api/contacts/health")
    openapi.validate(response)
    return response.json()


def test_two_hosts_keep_the_accounts_search_rate_together(hosts, redis):
    numbers = [f"+1902555{i:04d}" for i in range(1000, 2000)]
    outcomes, elapsed, stats = timed_lookups(hosts, numbers)
    print("\nFIGURES " + json.dumps({"test": "cluster_rate", "lookups": len(numbers), "seconds": round(elapsed, 1),
                                     "searches": stats["calls"]["search"], "peak_per_second": stats["peakSearchesPerSecond"],
                                     "hubspot_429s": stats["rateLimited"], "refused_by_budget": outcomes["refused_by_budget"]}))
    assert outcomes["other"] == [] and outcomes["answered"] == len(numbers)
    # One search per distinct number, none repeated, and HubSpot never said 429.
    assert stats["calls"]["search"] == len(numbers)
    assert stats["rateLimited"] == 0
    # Tokens are spaced 1/RATE apart on Redis's clock; one more can fall in a second's window
    # from the jitter between taking a token and reaching HubSpot. Either host alone would have
    # sent RATE a second: without the shared budget the two together reach twice that.
    assert stats["peakSearchesPerSecond"] <= RATE + 1
    assert elapsed >= len(numbers) / RATE - 1
    for stack in hosts:
        assert health(stack)["cluster"] == {"hosts": 2, "redis": "ok"}


def lookup(stack, number: str) -> dict:
    response = stack.get("/api/contacts/lookup/" + number, auth=stack.operator)
    assert response.status_code == 200, response.text
    openapi.validate(response, path="/api/contacts/lookup/x", method="GET")
    return response.json()


def generation(stack) -> int:
    return stack.cache_stats()["generation"]


def test_an_answer_one_host_got_serves_the_other_and_a_clear_on_one_empties_both(hosts):
    first, second = hosts
    number = "+19025552600"
    searches = first.emulator.calls()
    assert lookup(first, number)["cache"] == "miss"
    assert lookup(second, number)["cache"] == "shared"
    assert lookup(second, number)["cache"] == "hit"
    assert first.emulator.calls() == searches + 1
    before = generation(second)
    assert first.clear_cache()["cleared"] is True
    # The second host's follower applies the clear to its own cache file.
    wait_until(lambda: generation(second) > before, 10, interval=0.1, message="the clear reached the second host")
    assert lookup(second, number)["cache"] == "miss"
    assert first.emulator.calls() == searches + 2


def test_a_contact_created_on_one_host_is_named_on_the_other(hosts):
    first, second = hosts
    number = "+19025552601"
    assert lookup(second, number)["found"] is False  # cached there as not in HubSpot
    created = first.request("POST", "/api/contacts", auth=first.operator,
                            json={"firstName": "Clara", "lastName": "Cluster", "phone": number})
    assert created.status_code == 201, created.text
    wait_until(lambda: lookup(second, number)["found"], 10, interval=0.1, message="the second host names the contact")
    answer = lookup(second, number)
    assert answer["contact"]["name"] == "Clara Cluster"
    assert answer["contact"]["id"] == created.json()["contact"]["id"]


def test_without_redis_each_host_takes_its_share_then_both_return_to_the_shared_budget(hosts, redis):
    try:
        redis.kill()
        numbers = [f"+1902555{i:04d}" for i in range(2000, 2300)]
        outcomes, elapsed, stats = timed_lookups(hosts, numbers)
        print("\nFIGURES " + json.dumps({"test": "cluster_without_redis", "lookups": len(numbers),
                                         "seconds": round(elapsed, 1), "peak_per_second": stats["peakSearchesPerSecond"],
                                         "hubspot_429s": stats["rateLimited"]}))
        # Lookups go on, each host at RATE / 2: together still under the account's limit.
        assert outcomes["other"] == [] and outcomes["answered"] == len(numbers)
        assert stats["rateLimited"] == 0
        assert stats["peakSearchesPerSecond"] <= RATE + 2
        for stack in hosts:
            body = health(stack)
            assert body["status"] == "degraded"
            assert body["cluster"] == {"hosts": 2, "redis": "unreachable", "budgets": "local_share"}
            assert "redis_unreachable" in stack.logs_text()
    finally:
        redis.start()
    # Back without a restart: health first, then the budget in Redis again.
    for stack in hosts:
        wait_until(lambda: health(stack)["status"] == "ok", 15, interval=0.25, message="health ok again")
        assert health(stack)["cluster"]["redis"] == "ok"
    time.sleep(1.2)  # the responders' retry interval after the failure they last saw
    assert look_up_all(hosts, ["+19025552500", "+19025552501"])["answered"] == 2
    assert redis.command("EXISTS", "hubspot-fcgi:rate:hubspot-search") == 1


def test_the_redis_password_never_shows(hosts, redis):
    for stack in hosts:
        assert redis.password not in stack.logs_text()
        assert redis.password not in json.dumps(health(stack))
        # An outage (the test above, or any) is logged with the address alone.
        for line in stack.logs_text().splitlines():
            if "redis_unreachable" in line:
                assert f"127.0.0.1:{redis.port}" in line and redis.password not in line


def conversation_customers(stack) -> set:
    response = stack.get("/api/messages/conversations", auth=stack.operator, params={"limit": 100})
    assert response.status_code == 200, response.text
    return {row["phone"] for row in response.json()["conversations"]}


def test_a_delivery_to_one_host_is_listed_on_the_other_and_a_redelivery_there_is_the_same_message(hosts, postgres):
    first, second = hosts
    event = message_event("+19025553100", text="Tee time at 6?")
    stored = Webhook(first).deliver(event)
    assert stored.status_code in (200, 202), stored.text
    assert "+19025553100" in conversation_customers(second)
    again = Webhook(second).deliver(event)
    assert again.status_code in (200, 202), again.text
    assert postgres.query(f"SELECT COUNT(*) FROM processed_events WHERE event_id = '{event['id']}'") == "1"
    assert postgres.query("SELECT COUNT(*) FROM messages WHERE text = 'Tee time at 6?'") == "1"


def test_postgres_down_under_load_loses_no_acknowledged_delivery_and_both_hosts_recover(hosts, postgres):
    """Deliveries to both hosts, each retried on a non-2xx as OpenPhone does, while PostgreSQL is
    down for three seconds: every acknowledged event is stored once, and all are acknowledged."""
    first, second = hosts
    events = [message_event(f"+1902555{4000 + index % 50:04d}", text=f"load {index}") for index in range(300)]
    acknowledged, refusals, failures = set(), [], []
    lock = threading.Lock()
    queue = list(enumerate(events))

    def deliver():
        webhooks = [Webhook(first), Webhook(second)]
        while True:
            with lock:
                if not queue:
                    return
                index, event = queue.pop()
            for attempt in range(200):
                response = webhooks[(index + attempt) % 2].deliver(event)
                if response.status_code in (200, 202):
                    with lock:
                        acknowledged.add(event["id"])
                    break
                with lock:
                    refusals.append(response.status_code)
                if response.status_code != 503:
                    with lock:
                        failures.append(f"{response.status_code} {response.text[:200]}")
                    break
                time.sleep(0.1)

    threads = [threading.Thread(target=deliver) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    postgres.stop()
    outage_started = time.monotonic()
    # While it is down: lists answer 503 too, and health says the store is unavailable.
    time.sleep(1)
    listed = first.get("/api/messages/conversations", auth=first.operator)
    assert listed.status_code == 503, listed.text
    assert listed.json()["error"]["code"] == "store_unavailable"
    wait_until(lambda: health(second)["status"] == "degraded", 5, interval=0.2, message="health degraded")
    assert health(second)["deadLetters"] == {"state": "unavailable"}
    time.sleep(max(0, 3 - (time.monotonic() - outage_started)))
    postgres.start()
    for thread in threads:
        thread.join(120)
    counts = {}
    for line in postgres.query("SELECT event_id || '|' || COUNT(*) FROM processed_events GROUP BY event_id").splitlines():
        event_id, count = line.split("|")
        counts[event_id] = int(count)
    ids = {event["id"] for event in events}
    print("\nFIGURES " + json.dumps({"test": "cluster_postgres_outage", "deliveries": len(events),
                                     "accepted": len(acknowledged), "refused_with_503": refusals.count(503),
                                     "lost": len(acknowledged - counts.keys()),
                                     "duplicated": sum(count - 1 for event_id, count in counts.items() if event_id in ids)}))
    # A worker that died would show as 502s: none may, the outage is an error to answer.
    for stack in hosts:
        lines = stack.logs_text().splitlines()
        died = [index for index, line in enumerate(lines) if "worker_died" in line]
        assert died == [], "\n".join(lines[max(0, died[0] - 30):died[0] + 3] if died else [])
    assert failures == []
    assert len(acknowledged) == len(events), "every delivery acknowledged once PostgreSQL is back"
    assert refusals.count(503) > 0, "the outage was seen"
    assert acknowledged <= counts.keys(), "nothing acknowledged is lost"
    assert all(counts[event_id] == 1 for event_id in ids), "each stored once"
    assert int(postgres.query("SELECT COUNT(*) FROM messages WHERE text LIKE 'load %'")) == len(events)
    # Both hosts list again, and are healthy, without a restart.
    for stack in hosts:
        assert "+19025554000" in conversation_customers(stack)
        wait_until(lambda: health(stack)["status"] == "ok", 15, interval=0.25, message="health ok again")

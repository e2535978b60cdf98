"""HubSpot's two rate limits, kept apart through the whole stack (emulator: realistic profile): a
429 on company reads (the 100-per-10-s limit, `TEN_SECONDLY_ROLLING`, no Retry-After) holds off
every worker's company reads for HubSpot's ten seconds while lookups keep answering; a search 429
holds off every worker's searches for its Retry-After; and the stack's own budget
for non-search calls (`HUBSPOT_GENERAL_RATE`) keeps company reads from drawing 429s at all."""
import pytest
import requests

from harness.processes import wait_until
from harness.stack import Stack

GRACE = "+15065550142"  # contact 701, whose associated company 9001 is "Bay Golf Holdings"
# Numbers of other fixture contacts (none with a company), each looked up once per test.
OTHERS = ["+19025551234", "+442079460018", "+33612345678", "+5511987654321", "+49301234567",
          "+61293744000"]

QUIET = {
    # Latency is not what is tested here, and the connection checks would spend the 10-second
    # limit the tests set: both stay out of the way.
    "HUBSPOT_EMULATOR_LATENCY": "0", "HUBSPOT_CHECK_INTERVAL_SECONDS": "3600", "HUBSPOT_TIMEOUT_MS": "1500",
}


def start(extra_env: dict) -> Stack:
    return Stack({**QUIET, **extra_env}, profile="realistic").start()


@pytest.fixture(scope="module")
def stack():
    # The stack's own budget for company reads is not what these tests are about: HubSpot's 429
    # (as when other tools of the app spent its limit) is.
    running = start({"HUBSPOT_GENERAL_RATE": "1000", "HUBSPOT_GENERAL_BURST": "1000"})
    yield running
    running.stop()
    running.cleanup()


@pytest.fixture
def fresh(stack):
    stack.emulator.clear_faults()
    stack.emulator.reset_behaviour()
    stack.emulator.behave(retryAfter=False)
    stack.clear_cache()
    yield stack
    stack.emulator.clear_faults()
    stack.emulator.reset_behaviour()


def lookup(stack, e164: str) -> requests.Response:
    return stack.get("/api/contacts/lookup/" + e164, auth=stack.operator)


def found(stack, e164: str) -> dict:
    answer = lookup(stack, e164)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["found"] is True, body
    return body["contact"]


def spend_the_ten_second_window(stack):
    """One non-search call with the stack's token, straight to HubSpot: with a limit of 1 the
    account's window is then used up for ten seconds (a 429 here means it already was)."""
    answer = requests.get(f"{stack.emulator.base}/crm/v3/objects/contacts/101",
                          headers={"Authorization": "Bearer emulator-token"}, timeout=10)
    assert answer.status_code in (200, 429), answer.text


def test_lookups_keep_answering_while_company_reads_are_rate_limited(fresh):
    stack = fresh
    stack.emulator.behave(tenSecondlyLimit=1)
    spend_the_ten_second_window(stack)
    companies = stack.emulator.calls("company")

    # HubSpot refuses the company read (429 TEN_SECONDLY_ROLLING, no Retry-After): the contact is
    # still named, with its own company text.
    assert found(stack, GRACE)["company"] == "text that loses"
    assert stack.emulator.calls("company") == companies + 1

    # For HubSpot's ten seconds no worker reads a company again, and every lookup still searches
    # and answers (each twice, so every worker of the responder is asked).
    for number in OTHERS + OTHERS:
        stack.clear_cache()
        found(stack, number)
    stack.clear_cache()
    assert found(stack, GRACE)["company"] == "text that loses"
    assert stack.emulator.calls("company") == companies + 1

    # Once the wait is over the company is read again and wins over the text.
    def named_by_company():
        stack.clear_cache()
        return found(stack, GRACE)["company"] == "Bay Golf Holdings"
    wait_until(named_by_company, 30, interval=0.5, message="the company's name after HubSpot's wait")


def test_a_search_429_holds_off_searches_everywhere_and_only_searches(fresh):
    stack = fresh
    searches = stack.emulator.calls("search")
    stack.emulator.fault(status=429, endpoint="search", count=1, policyName="SECONDLY", retryAfter=10)
    refused = lookup(stack, GRACE)
    assert refused.status_code == 503 and refused.json()["error"]["code"] == "rate_limited", refused.text
    assert int(refused.headers["Retry-After"]) >= 9
    assert stack.emulator.calls("search") == searches + 1

    # No worker sends HubSpot another search before the wait is over: each answers at once.
    for number in OTHERS:
        answer = lookup(stack, number)
        assert answer.status_code == 503 and answer.json()["error"]["code"] == "rate_limited", answer.text
    assert stack.emulator.calls("search") == searches + 1

    # Searches go out again once the wait is over.
    def answered():
        answer = lookup(stack, GRACE)
        return answer.status_code == 200 and answer.json()["found"]
    wait_until(answered, 30, interval=0.5, message="searches after the Retry-After")
    assert stack.emulator.calls("search") == searches + 2


def company_contacts(count: int) -> tuple[list, list]:
    contacts, companies = [], []
    for index in range(count):
        companies.append({"id": str(9100 + index), "properties": {"name": f"Company {index}"}})
        contacts.append({"id": str(5100 + index),
                         "properties": {"firstname": "Owner", "lastname": str(index),
                                        "phone": f"+1902555{6100 + index}", "company": f"text {index}",
                                        "associatedcompanyid": str(9100 + index)}})
    return contacts, companies


def test_the_stacks_budget_keeps_company_reads_under_hubspots_ten_second_limit():
    # 0.3 reads/s, 3 at once: at most 6 in any 10 s, under a limit of 10 with room for the
    # connection checks every process made at start.
    running = start({"HUBSPOT_GENERAL_RATE": "0.3", "HUBSPOT_GENERAL_BURST": "3"})
    try:
        contacts, companies = company_contacts(12)
        seeded = requests.post(running.emulator.base + "/__emulator/seed",
                               json={"contacts": contacts, "companies": companies}, timeout=10)
        assert seeded.status_code == 200, seeded.text
        running.emulator.behave(tenSecondlyLimit=10, retryAfter=False)
        limited = running.emulator.stats()["rateLimited"]

        names = [found(running, contact["properties"]["phone"])["company"] for contact in contacts]

        # Every contact is named; those whose company read had no token keep their own text.
        assert all(name in (f"Company {i}", f"text {i}") for i, name in enumerate(names)), names
        assert any(name.startswith("Company") for name in names)
        assert running.emulator.stats()["rateLimited"] == limited
        assert running.emulator.calls("company") <= 10
    finally:
        running.stop()
        running.cleanup()

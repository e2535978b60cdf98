"""Numbers newer than the installed numbering metadata, through the whole stack: Nigeria's 2023–24
plan (10-digit fixed-line numbers such as `0203 312 7560` → `+234 2033 12 7560`) is real to
HubSpot, whose metadata is current, but only *possible* (right length, unknown range) to Debian
12's libphonenumber 8.12.57 of October 2022. Such a number is looked up and found, and the answer
says `"numberCheck":"possible"`; a number that is not even possible is still a 400; a delivery from
one is stored and its conversation named. Same national digits in another country (Connecticut's
(203) 312-7560) never answer for it."""
import json

import pytest

from harness import openapi
from harness.openphone import Webhook, message_event, query_db, wait_for_lookups
from harness.stack import Stack, emulator_profile

LOOKUP = "/api/contacts/lookup/{phone}"

CONTACTS = [
    # Typed in E.164: found in either way HubSpot reads numbers.
    {"id": "2101", "properties": {"firstname": "Chiamaka", "lastname": "Okafor", "phone": "+234 2033 12 7560"}},
    # Typed the local way on a Nigerian contact: HubSpot reads it in the contact's country.
    {"id": "2102", "properties": {"firstname": "Emeka", "lastname": "Nwosu", "mobilephone": "0203 312 7561",
                                  "hs_country_region_code": "NG", "country": "Nigeria"}},
    # Writes to us over SMS.
    {"id": "2103", "properties": {"firstname": "Ngozi", "lastname": "Adeyemi", "phone": "+2342033127562"}},
    # Connecticut: the same national digits as 2101, another country.
    {"id": "2104", "properties": {"firstname": "Hartford", "lastname": "Control", "phone": "(203) 312-7560"}},
]


@pytest.fixture(scope="module")
def nigeria(tmp_path_factory):
    contacts = tmp_path_factory.mktemp("possible-numbers") / "contacts.json"
    contacts.write_text(json.dumps(CONTACTS))
    # HubSpot's reading of numbers (each in the contact's own country) always; its latency and
    # 10-second limit only in the realistic run, so that the fast run stays fast.
    pace = {} if emulator_profile() == "realistic" else {"HUBSPOT_EMULATOR_LATENCY": "0",
                                                         "HUBSPOT_EMULATOR_TEN_SECONDLY_LIMIT": "0"}
    running = Stack({"HUBSPOT_EMULATOR_CONTACTS": str(contacts), **pace}, profile="realistic").start()
    yield running
    running.stop()
    running.cleanup()


def lookup(stack, phone: str):
    response = stack.get("/api/contacts/lookup/" + phone, auth=stack.operator)
    openapi.validate(response, path=LOOKUP)
    return response


@pytest.mark.parametrize("phone,contact_id", [
    ("+2342033127560", "2101"),
    ("+234 2033 12 7560", "2101"),
    ("002342033127560", "2101"),
    ("+2342033127561", "2102"),
])
def test_a_new_plan_number_is_looked_up_and_found(nigeria, phone, contact_id):
    response = lookup(nigeria, phone)
    assert response.status_code == 200, response.text
    answer = response.json()
    assert answer["found"] is True and answer["contact"]["id"] == contact_id, answer
    assert answer["numberCheck"] == "possible"
    # The contact's number is shown as HubSpot reads it, in E.164.
    assert phone.replace(" ", "").replace("00234", "+234") in (answer["contact"]["phone"],
                                                                answer["contact"]["mobilePhone"])


def test_a_cached_answer_still_says_possible(nigeria):
    first = lookup(nigeria, "+2342033127560").json()
    again = lookup(nigeria, "+234 2033 127 560").json()
    assert again["cache"] == "hit" and again["numberCheck"] == "possible", (first, again)
    assert again["contact"] == first["contact"]


def test_an_unknown_new_plan_number_is_not_found_rather_than_refused(nigeria):
    answer = lookup(nigeria, "+2342033127569").json()
    assert answer == {"found": False, "contact": None, "cache": answer["cache"], "numberCheck": "possible"}


def test_a_valid_number_answers_without_number_check(nigeria):
    # The Connecticut control: valid, so the answer keeps its usual shape, and it is its own contact.
    answer = lookup(nigeria, "+12033127560").json()
    assert "numberCheck" not in answer
    assert answer["found"] is True and answer["contact"]["id"] == "2104", answer


@pytest.mark.parametrize("phone", ["+234203312756",        # 9 digits: a length Nigeria never uses
                                   "+999 2033127560"])     # no such country code
def test_a_number_that_is_not_even_possible_is_still_a_400(nigeria, phone):
    response = lookup(nigeria, phone)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert error["code"] == "invalid_phone" and error["message"]
    assert error["reason"] in ("invalid_number", "invalid_country_code")


def test_a_delivery_from_a_new_plan_number_is_stored(nigeria):
    phone = "+2342033127562"
    event = message_event(phone, text="Is my order ready?")
    response = Webhook(nigeria).deliver(event)
    assert response.status_code == 200, response.text
    assert response.json()["stored"] is True
    assert query_db(nigeria, "SELECT customer FROM conversations WHERE customer = ?", phone) == [(phone,)]


def test_a_delivery_from_a_new_plan_number_is_named(nigeria):
    phone = "+2342033127562"
    Webhook(nigeria).deliver(message_event(phone, text="Following up"))
    assert wait_for_lookups(nigeria, [phone]) == {phone: "found"}
    [[name, contact_id]] = query_db(nigeria, "SELECT name, hubspot_contact_id FROM conversations "
                                             "WHERE customer = ?", phone)
    assert (name, contact_id) == ("Ngozi Adeyemi", "2103")

"""Contacts from abroad whose numbers staff typed the local way (`07400 127051`) on a contact whose
country is set: looked up by E.164 through the whole stack, against the emulator's realistic
reading of phone numbers (each in the contact's own country, `hs_calculated_*` in E.164). The
corpus (fixtures/realistic-contacts.json) holds 23 such contacts in 16 countries and controls."""
import json

import pytest
import requests

from harness.stack import Stack, emulator_profile

CORPUS = Stack.fixtures / "realistic-contacts.json"


@pytest.fixture(scope="module")
def realistic():
    # HubSpot's reading of numbers always; its latency and 10-second limit only in the realistic
    # run (E2E_EMULATOR_PROFILE=realistic), so that the fast run stays fast.
    pace = {} if emulator_profile() == "realistic" else {"HUBSPOT_EMULATOR_LATENCY": "0",
                                                         "HUBSPOT_EMULATOR_TEN_SECONDLY_LIMIT": "0"}
    running = Stack({"HUBSPOT_EMULATOR_CONTACTS": str(CORPUS), **pace}, profile="realistic").start()
    yield running
    running.stop()
    running.cleanup()


def calculated_numbers(stack, contact_id: str) -> list[str]:
    """The E.164 forms the emulator (like HubSpot) calculated for a contact."""
    answer = requests.get(f"{stack.emulator.base}/crm/v3/objects/contacts/{contact_id}",
                          params={"properties": "hs_calculated_phone_number,hs_calculated_mobile_number"},
                          headers={"Authorization": "Bearer emulator-token"}, timeout=10)
    assert answer.status_code == 200, answer.text
    properties = answer.json()["properties"]
    return [value for value in (properties.get("hs_calculated_phone_number"),
                                properties.get("hs_calculated_mobile_number")) if value]


def lookup(stack, e164: str) -> dict:
    answer = stack.get("/api/contacts/lookup/" + e164, auth=stack.operator)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_every_local_format_contact_is_found_by_its_e164(realistic):
    corpus = [contact for contact in json.loads(CORPUS.read_text()) if contact["id"].startswith("10")]
    countries = {contact["properties"]["hs_country_region_code"] for contact in corpus}
    assert len(corpus) >= 20 and len(countries) >= 10
    found, missed = 0, []
    for contact in corpus:
        [e164] = calculated_numbers(realistic, contact["id"])
        answer = lookup(realistic, e164)
        if answer["found"] and answer["contact"]["id"] == contact["id"]:
            found += 1
            # The answer shows the number as HubSpot reads it, not as our default region would.
            assert e164 in (answer["contact"]["phone"], answer["contact"]["mobilePhone"]), answer
        else:
            missed.append((contact["id"], e164, answer))
    print(f"FIGURES local formats: found {found}/{len(corpus)} in {len(countries)} countries")
    assert not missed, missed


@pytest.mark.parametrize("e164,contact_id", [
    ("+12079460018", "1907"),   # a US number whose national digits are those of London's 020 7946 0018…
    ("+442079460018", "1002"),  # …and that London number: each finds its own contact, never the other
    ("+33781234567", "1906"),   # typed with +33 on a British contact: its own country code wins
    ("+353857654321", "1905"),
    ("+14155550132", "1901"),   # no country: the default region, as before
])
def test_controls_find_exactly_their_own_contact(realistic, e164, contact_id):
    answer = lookup(realistic, e164)
    assert answer["found"] and answer["contact"]["id"] == contact_id, answer


def test_a_local_number_on_a_contact_without_a_country_is_not_guessed(realistic):
    # 1908 holds "07400 127052" and no country: read in the default region it is no number at all,
    # and nothing says it is British, so the British number does not claim it.
    assert lookup(realistic, "+447400127052")["found"] is False

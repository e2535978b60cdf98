"""GET /api/contacts/search through nginx against the HubSpot emulator: names, names with
digits, numbers in any format, partial numbers; paging; bad parameters; injection attempts."""
import pytest

from harness import openapi


@pytest.fixture
def search(stack):
    def get(auth=stack.operator, **params):
        response = stack.get("/api/contacts/search", auth=auth, params=params)
        openapi.validate(response, path="/api/contacts/search", method="GET")
        return response
    return get


@pytest.fixture(autouse=True)
def empty_cache(stack):
    stack.clear_cache()


def ids(response):
    return [contact["id"] for contact in response.json()["contacts"]]


def test_operator_credentials_are_required(stack):
    assert stack.get("/api/contacts/search", params={"q": "smith"}).status_code == 401


def test_by_name(search):
    response = search(q="Smith")
    assert response.status_code == 200
    assert "101" in ids(response)


def test_a_name_with_digits_is_name_searched(search):
    assert "901" in ids(search(q="Bay 123"))


def test_a_number_typed_in_another_format_finds_the_contact_first(search):
    assert ids(search(q="902.555.1234"))[0] == "101"
    assert ids(search(q="0044 20 7946 0018"))[0] == "201"


def test_a_partial_number_returns_contacts_containing_it(search):
    assert "101" in ids(search(q="5551234"))
    assert "602" in ids(search(q="7777"))


def test_paging(search):
    first = search(q="Record", limit="1").json()
    assert len(first["contacts"]) == 1 and first["next"]
    second = search(q="Record", limit="1", after=first["next"]).json()
    assert len(second["contacts"]) == 1
    assert second["contacts"][0]["id"] != first["contacts"][0]["id"]


@pytest.mark.parametrize("params,code", [
    ({}, "invalid_query"), ({"q": "a"}, "invalid_query"), ({"q": " a  "}, "invalid_query"),
    ({"q": "x" * 3001}, "invalid_query"), ({"q": "smith", "limit": "0"}, "invalid_limit"),
    ({"q": "smith", "limit": "51"}, "invalid_limit"), ({"q": "smith", "limit": "ten"}, "invalid_limit"),
    ({"q": "smith", "after": "abc"}, "invalid_cursor"),
])
def test_bad_parameters_are_clear_400s(search, params, code):
    response = search(**params)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


@pytest.mark.parametrize("hostile", ['"}]', '{"filterGroups":[]}', "smith*", "**", "' OR 1=1 --",
                                     '\\"; DROP TABLE', "<script>alert(1)</script>"])
def test_injection_attempts_are_data(stack, search, hostile):
    response = search(q=hostile)
    assert response.status_code == 200, response.text
    sent = stack.emulator.stats()["recentSearches"][-1]
    assert sent.get("query") == hostile.strip()

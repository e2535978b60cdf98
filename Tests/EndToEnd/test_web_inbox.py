"""The inbox's thread view and sending (issue 13) in a real browser: headless Chromium through the
stack's nginx (see harness/browser.py), the stack sending through its bundled OpenPhone emulator,
which answers 202 and then delivers the signed `message.delivered` webhook back, as OpenPhone does.

Each flow an operator relies on: open a thread (oldest first, older pages, marked read), send and
see it delivered, OpenPhone down (the message kept as failed with its reason, Retry sends it once
it is back), an opted-out number, a first text to a contact or a typed number, new messages
without a reload, the HubSpot card, and the phone layout's back button. Screenshots go to
Tests/EndToEnd/artifacts/ (kept out of git).
"""
import time
from pathlib import Path

import pytest

from harness import browser as browser_harness
from harness.openphone import Webhook, message_event, unique_id
from harness.processes import wait_until
from harness.stack import Stack

REASON = browser_harness.unavailable_reason()
pytestmark = pytest.mark.skipif(REASON is not None, reason=f"browser tests skipped: {REASON}")

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

JOHN = "+19025551234"           # John Smith, Smith Plumbing (fixtures/contacts.json)
MARTHA = "+12079460018"         # Martha Maine: in HubSpot, no conversation until a test texts her
UNKNOWN = "+19025558123"        # no HubSpot contact
OLD_THREAD = "+19025558124"     # 55 messages: more than a page
STOPPED = "+19025558125"        # texted STOP
PHONE_THREAD = "+19027900001"   # Ada Lovelace, for the phone layout
TYPED = "+19025558126"          # texted as typed in "New conversation"

By = Keys = ActionChains = None
if REASON is None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys


# --- the stack and the browser ------------------------------------------------------------------

# The line the stack sends from: the OpenPhone emulator's default one. Customers text it, so the
# conversations seeded here are the ones a send to their number goes into.
LINE_ID, LINE_NUMBER = "PNdemo01", "+19025550100"
PORTAL_ID = "4242"


def _deliver(stack: Stack, phone: str, text: str, created_ms: int | None = None):
    """A signed `message.received` from `phone` to our line, through nginx."""
    event = message_event(phone, text=text, created_ms=created_ms, line=LINE_ID, line_number=LINE_NUMBER)
    response = Webhook(stack).deliver(event)
    assert response.status_code < 300, response.text


def _sent_texts(stack: Stack) -> list[str]:
    """The texts of every message the OpenPhone emulator accepted, in order."""
    return [message["text"] for message in stack.openphone.messages() if message.get("direction") == "outgoing"]


def _conversation(stack: Stack, phone: str) -> dict | None:
    return next((c for c in stack.conversations() if c["phone"] == phone), None)


@pytest.fixture(scope="module")
def inbox():
    stack = Stack({"HUBSPOT_PORTAL_ID": PORTAL_ID}).start()
    try:
        # Received an hour ago, a second apart: older than anything a test sends.
        base_ms = int(time.time() * 1000) - 3_600_000
        for index, text in enumerate(["Is bay 3 free tomorrow?", "Around 10 would suit me.", "<b>not bold</b> & thanks"]):
            _deliver(stack, JOHN, text, created_ms=base_ms + index * 1000)
        _deliver(stack, UNKNOWN, "Who is this?")
        for index in range(55):
            _deliver(stack, OLD_THREAD, f"Old message {index:02d}", created_ms=base_ms - 600_000 + index * 1000)
        _deliver(stack, STOPPED, "STOP")
        _deliver(stack, PHONE_THREAD, "Can we move our call?")
        wait_until(lambda: (_conversation(stack, JOHN) or {}).get("name") == "John Smith",
                   timeout=30, interval=0.2, message="the seeded conversations named")
        wait_until(lambda: (_conversation(stack, STOPPED) or {}).get("optedOut") is True,
                   timeout=10, interval=0.2, message="the STOP recorded (the conversation's optedOut)")
        yield stack
    finally:
        stack.finish()


@pytest.fixture
def page(browser, inbox):
    """The inbox at desktop width, its list loaded, no fault left in OpenPhone, no console errors
    left from earlier tests (API answers the test provoked are not the page's errors)."""
    inbox.openphone.clear_faults()
    browser.desktop_width()
    browser.open()
    browser.wait(lambda: browser.driver.find_elements(By.CSS_SELECTOR, "#conversations li.conversation"),
                 message="the conversation list")
    browser.console_errors()
    yield browser
    errors = [line for line in browser.console_errors() if "/api/" not in line]
    assert not errors, f"console errors: {errors}"


# --- page helpers -------------------------------------------------------------------------------

def _find(browser, css):
    return browser.driver.find_element(By.CSS_SELECTOR, css)


def _all(browser, css):
    return browser.driver.find_elements(By.CSS_SELECTOR, css)


def _open(browser, phone: str):
    """Opens the conversation with `phone` from the list and waits until its messages are shown."""
    selector = f'#conversations li[data-phone="{phone}"] button.open-conversation'
    browser.wait(lambda: _all(browser, selector), message=f"the conversation with {phone} in the list")
    _find(browser, selector).click()
    browser.wait(lambda: _find(browser, "#thread").get_attribute("data-phone") == phone
                 and _find(browser, "#messages").get_attribute("aria-busy") == "false"
                 and _find(browser, "#thread-status").text != "Loading messages…",
                 message=f"the thread of {phone}")


def _texts(browser) -> list[str]:
    return [node.text for node in _all(browser, "#messages li .text")]


def _message(browser, text: str):
    """The newest message shown with `text`."""
    matches = [node for node in _all(browser, "#messages li.message")
               if node.find_element(By.CSS_SELECTOR, ".text").text == text]
    assert matches, f"no message {text!r} in {_texts(browser)}"
    return matches[-1]


def _state(browser, text: str) -> str:
    return _message(browser, text).get_attribute("data-status")


def _compose(browser, *keys):
    field = _find(browser, "#composer-text")
    field.click()
    field.send_keys(*keys)


def _press(browser, *keys):
    ActionChains(browser.driver).send_keys(*keys).perform()


def _badge(browser, phone: str) -> str | None:
    badges = _all(browser, f'#conversations li[data-phone="{phone}"] .badge')
    return badges[0].text if badges else None


def _search(browser, text: str):
    field = _find(browser, "#search-input")
    field.clear()
    field.send_keys(text)
    browser.wait(lambda: _find(browser, "#search-results").get_attribute("data-query") == text.strip(),
                 message=f"the answer to the search {text!r}")


# --- tests --------------------------------------------------------------------------------------

def test_opening_a_conversation_shows_its_thread_oldest_first_and_marks_it_read(page):
    assert _find(page, "#thread-placeholder").is_displayed()      # nothing open yet
    assert _badge(page, JOHN) == "3"
    _open(page, JOHN)
    assert _texts(page) == ["Is bay 3 free tomorrow?", "Around 10 would suit me.", "<b>not bold</b> & thanks"]
    assert _all(page, "#messages b, #messages script") == []
    assert _find(page, "#thread-title").text == "John Smith"
    assert "Smith Plumbing" in _find(page, "#thread-subtitle").text
    item = _find(page, f'#conversations li[data-phone="{JOHN}"]')
    assert item.get_attribute("aria-current") == "true"
    assert not _find(page, "#load-older").is_displayed()          # three messages: one page
    # Read: the server's count is 0, and the list's badge goes without a reload.
    wait_until(lambda: _conversation(page.stack, JOHN)["unreadCount"] == 0, timeout=10, interval=0.1,
               message="the conversation marked read")
    page.wait(lambda: _badge(page, JOHN) is None, message="the unread badge gone")
    # The HubSpot card beside it.
    page.wait(lambda: "Smith Plumbing" in _find(page, "#contact-panel-body").text
              and _find(page, "#contact-panel").get_attribute("aria-busy") == "false", message="the HubSpot card")
    card = _find(page, "#contact-panel-body")
    assert _find(page, "#contact-panel-status").text == ""
    assert "John Smith" in card.text and "(902) 555-1234" in card.text
    assert card.find_element(By.CSS_SELECTOR, "a.hubspot-link").get_attribute("href") \
        == f"https://app.hubspot.com/contacts/{PORTAL_ID}/record/0-1/101"
    page.screenshot(ARTIFACTS / "thread-desktop.png")


def test_older_messages_load_above_on_demand(page):
    _open(page, OLD_THREAD)
    assert _texts(page) == [f"Old message {index:02d}" for index in range(5, 55)]
    older = _find(page, "#load-older")
    assert older.is_displayed()
    older.click()
    page.wait(lambda: len(_texts(page)) == 55, message="the older page")
    assert _texts(page) == [f"Old message {index:02d}" for index in range(55)]
    assert not _find(page, "#load-older").is_displayed()


def test_sending_shows_the_message_at_once_then_delivered(page):
    _open(page, JOHN)
    _compose(page, "See you at 10.")
    _compose(page, Keys.SHIFT, Keys.ENTER)                       # a new line, not a send
    _compose(page, "Bay 3 🙂")
    counter = _find(page, "#composer-counter").text
    assert counter.startswith("22 / 1600 characters · 1 SMS") and "Unicode" in counter, counter
    text = "See you at 10.\nBay 3 🙂"
    _compose(page, Keys.ENTER)
    page.wait(lambda: text in _texts(page), message="the message shown")
    assert _find(page, "#composer-text").get_attribute("value") == ""
    page.wait(lambda: _state(page, text) == "delivered", timeout=30, message="the message delivered")
    assert "Delivered" in _message(page, text).find_element(By.CSS_SELECTOR, ".state").text
    assert f"Sent by {page.stack.operator[0]}" in _message(page, text).text
    assert _sent_texts(page.stack).count(text) == 1
    page.screenshot(ARTIFACTS / "thread-delivered.png")


def test_openphone_down_keeps_the_message_failed_and_retry_sends_it_once_back(page):
    _open(page, JOHN)
    page.stack.openphone.fault(status=503, endpoint="messages")
    text = "Your invoice is attached " + unique_id("#")
    _compose(page, text, Keys.ENTER)
    page.wait(lambda: text in _texts(page) and _state(page, text) == "failed", timeout=30,
              message="the message kept as failed")
    state = _message(page, text).find_element(By.CSS_SELECTOR, ".state").text
    assert state.startswith("Not sent: ") and len(state) > len("Not sent: "), state
    assert "OpenPhone is unavailable" in _find(page, "#thread-status").text
    # Kept by the server too: the thread loaded again still has it.
    page.open()
    _open(page, JOHN)
    assert _state(page, text) == "failed"
    page.screenshot(ARTIFACTS / "thread-openphone-down.png")

    page.stack.openphone.clear_faults()
    _message(page, text).find_element(By.CSS_SELECTOR, "button.retry").click()
    page.wait(lambda: any(node.get_attribute("data-status") == "delivered"
                          for node in _all(page, "#messages li.message")
                          if node.find_element(By.CSS_SELECTOR, ".text").text == text),
              timeout=30, message="the retried message delivered")
    assert _sent_texts(page.stack).count(text) == 1
    page.wait(lambda: "OpenPhone is unavailable" not in _find(page, "#thread-status").text,
              message="the outage warning gone")


def test_an_opted_out_number_cannot_be_texted_and_says_why(page):
    _open(page, STOPPED)
    notice = _find(page, "#opted-out")
    page.wait(notice.is_displayed, message="the opted-out notice")
    assert "opted out" in notice.text and "START" in notice.text
    assert _find(page, "#composer-text").get_attribute("disabled") == "true"
    assert _find(page, "#composer-send").get_attribute("disabled") == "true"
    page.screenshot(ARTIFACTS / "thread-opted-out.png")
    # A first text typed to the same number is refused by the server (409): said, the text kept.
    before = _sent_texts(page.stack)
    page.driver.find_element(By.ID, "new-conversation").click()
    _search(page, "902 555 8125")
    _find(page, "#text-number").click()
    page.wait(lambda: page.active_id() == "composer-text", message="the composer of a first text")
    _compose(page, "Are you still there?", Keys.ENTER)
    page.wait(lambda: _find(page, "#composer-status").text.startswith("Not sent: "), message="the refusal")
    assert _find(page, "#composer-text").get_attribute("value") == "Are you still there?"
    assert "Are you still there?" not in _texts(page)
    assert _sent_texts(page.stack) == before


def test_new_conversation_with_a_contact_sends_the_first_text_and_opens_it(page):
    assert _conversation(page.stack, MARTHA) is None
    page.driver.find_element(By.ID, "new-conversation").click()
    _search(page, "Martha Maine")
    _find(page, '#search-results li[data-id="202"] button').click()
    page.wait(lambda: page.active_id() == "composer-text", message="focus in the composer")
    assert _find(page, "#thread-title").text == "New message to Martha Maine"
    assert "Portland Lobster Co" in _find(page, "#contact-panel-body").text
    assert "first text starts the conversation" in _find(page, "#thread-empty").text
    page.screenshot(ARTIFACTS / "new-conversation-draft.png")
    text = "Hello Martha, your order is ready."
    _compose(page, text, Keys.ENTER)
    page.wait(lambda: _find(page, "#thread-title").text == "Martha Maine", message="the conversation opened")
    conversation = _conversation(page.stack, MARTHA)
    assert conversation is not None
    assert page.driver.current_url.endswith(f"#conversation-{conversation['id']}")
    page.wait(lambda: _state(page, text) == "delivered", timeout=30, message="the first text delivered")
    page.wait(lambda: _all(page, f'#conversations li[data-phone="{MARTHA}"][aria-current="true"]'),
              message="the new conversation in the list, marked open")
    assert _sent_texts(page.stack).count(text) == 1


def test_new_conversation_with_a_typed_number(page):
    page.driver.find_element(By.ID, "new-conversation").click()
    _search(page, "(902) 555-8126")
    button = _find(page, "#text-number")
    assert button.text == "Text (902) 555-8126"
    button.click()
    page.wait(lambda: page.active_id() == "composer-text", message="focus in the composer")
    _compose(page, "Hi, this is the front desk.", Keys.ENTER)
    page.wait(lambda: _find(page, "#thread").get_attribute("data-phone") == TYPED, message="the conversation opened")
    page.wait(lambda: _state(page, "Hi, this is the front desk.") == "delivered", timeout=30, message="delivered")
    # The number is not in HubSpot: the card offers to create the contact, in the existing form.
    page.wait(lambda: _all(page, "#contact-panel-create"), message="the Create contact button")
    _find(page, "#contact-panel-create").click()
    page.wait(lambda: _find(page, "#create-form").is_displayed(), message="the create form")
    assert _find(page, "#create-phone").get_attribute("value") == TYPED
    assert page.active_id() == "create-firstName"
    _press(page, Keys.ESCAPE)


def test_new_messages_appear_in_the_open_thread_without_a_reload(page):
    _open(page, UNKNOWN)
    assert _texts(page) == ["Who is this?"]
    _deliver(page.stack, UNKNOWN, "It's Sam, from the dental office.")
    page.wait(lambda: _texts(page)[-1:] == ["It's Sam, from the dental office."], timeout=15,
              message="the new message in the open thread")
    page.wait(lambda: "It's Sam, from the dental office." in _find(page, "#thread-announcer").text,
              message="the new message announced to screen readers")
    assert _find(page, "#thread-announcer").get_attribute("aria-live") == "polite"
    # The open thread is read as messages come: no badge.
    wait_until(lambda: _conversation(page.stack, UNKNOWN)["unreadCount"] == 0, timeout=10, interval=0.1,
               message="the conversation marked read again")


def test_phone_width_shows_the_thread_instead_of_the_list_with_a_back_button(page):
    page.phone_width()
    try:
        page.open()
        page.wait(lambda: page.js("return window.innerWidth") == 375, message="the phone-width viewport")
        page.wait(lambda: _all(page, f'#conversations li[data-phone="{PHONE_THREAD}"]'), message="the list")
        assert not _find(page, "#thread").is_displayed()
        _open(page, PHONE_THREAD)
        assert not _find(page, "#conversations").is_displayed()
        back = _find(page, "#thread-back")
        assert back.is_displayed() and back.tag_name == "button"
        assert page.active_id() == "thread"                      # focus follows what replaced the list
        assert _texts(page) == ["Can we move our call?"]
        assert page.js("return document.documentElement.scrollWidth") <= 375
        page.screenshot(ARTIFACTS / "thread-phone.png")
        # Keyboard: the back button, by Enter.
        page.js("document.getElementById('thread-back').focus()")
        _press(page, Keys.ENTER)
        page.wait(lambda: _find(page, "#conversations").is_displayed(), message="the list back")
        assert not _find(page, "#thread").is_displayed()
        assert page.js("return document.activeElement.closest('li') && document.activeElement.closest('li').dataset.phone") \
            == PHONE_THREAD
    finally:
        page.desktop_width()

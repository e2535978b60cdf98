// The contact search inside the dialog: searches HubSpot as the operator types (debounced, each
// new query cancelling the one in flight) and shows the matching contacts. In "new" mode every
// contact gets a "Start conversation" button, and a query that is a phone number can be texted
// as it is.

import { searchContacts } from "./api.js";
import { prefillFromQuery } from "./contact-draft.js";
import { contactCard } from "./contact-card.js";
import { byId, el, setStatus } from "./dom.js";
import { searchAnswerStatus, searchFailureStatus, shortQueryStatus } from "./status-text.js";

const DEBOUNCE_MS = 250;
const RESULT_LIMIT = 20;

/**
 * The search form of the dialog. `mode()` is the dialog's mode; `onStart(contact)` is called when
 * the operator picks a contact to start a conversation with, `onStartNumber(number)` when they
 * text the number they typed.
 */
export function createContactSearch({ mode, onStart, onStartNumber }) {
  const input = byId("search-input");
  const status = byId("search-status");
  const results = byId("search-results");
  const createHint = byId("create-hint");
  const numberHint = byId("number-hint");
  const numberButton = byId("text-number");
  const state = { timer: 0, controller: null, sequence: 0, lastQuery: "" };

  function contactItem(contact, stale) {
    const item = el("li", "contact");
    item.dataset.id = String(contact.id);
    const { actions, label } = contactCard(contact, stale, item);
    if (mode() === "new") {
      const number = contact.phone || contact.mobilePhone;
      const pick = el("button", "button primary", "Start conversation");
      pick.type = "button";
      pick.setAttribute("aria-label", `Start a conversation with ${label}`);
      pick.disabled = !number;
      pick.addEventListener("click", () => onStart(contact));
      actions.prepend(pick);
    }
    if (actions.childElementCount) item.append(actions);
    return item;
  }

  // The results list's data-query names the query its content answers, and is absent while a
  // search runs: what is shown can be told apart from an earlier query's answer.
  // In "new" mode, a query that reads as a phone number (7 digits or more) can be texted as typed.
  function offerNumber(query) {
    const phone = mode() === "new" ? prefillFromQuery(query).phone : undefined;
    numberHint.hidden = !phone;
    if (phone) {
      numberButton.textContent = `Text ${phone}`;
      numberButton.dataset.number = phone;
    }
  }

  async function run(raw, force) {
    const query = raw.trim();
    offerNumber(query);
    if (!force && query === state.lastQuery) return;
    state.lastQuery = query;
    if (state.controller) state.controller.abort();
    if (query.length < 2) {
      results.replaceChildren();
      results.setAttribute("aria-busy", "false");
      setStatus(status, shortQueryStatus(query));
      createHint.hidden = true;
      results.dataset.query = query;
      return;
    }
    const sequence = ++state.sequence;
    const controller = new AbortController();
    state.controller = controller;
    results.setAttribute("aria-busy", "true");
    delete results.dataset.query;
    setStatus(status, { text: "Searching…" });
    try {
      const { body } = await searchContacts(query, RESULT_LIMIT, controller.signal);
      if (sequence !== state.sequence) return;
      const contacts = Array.isArray(body.contacts) ? body.contacts : [];
      const stale = body.cache === "stale";
      results.replaceChildren(...contacts.map((contact) => contactItem(contact, stale)));
      setStatus(status, searchAnswerStatus(query, contacts.length, stale, Boolean(body.next)));
      createHint.hidden = false;
      results.dataset.query = query;
    } catch (error) {
      if (error.name === "AbortError" || sequence !== state.sequence) return;
      results.replaceChildren();
      setStatus(status, searchFailureStatus(error));
      createHint.hidden = false;
      results.dataset.query = query;
    } finally {
      if (sequence === state.sequence) results.setAttribute("aria-busy", "false");
    }
  }

  function schedule() {
    window.clearTimeout(state.timer);
    state.timer = window.setTimeout(() => run(input.value, false), DEBOUNCE_MS);
  }

  input.addEventListener("input", () => {
    offerNumber(input.value.trim());
    schedule();
  });
  numberButton.addEventListener("click", () => onStartNumber(numberButton.dataset.number));
  byId("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    window.clearTimeout(state.timer);
    run(input.value, true);
  });

  return {
    /** Searches the field's query again (the dialog was reopened on it), if it is long enough. */
    repeat() {
      offerNumber(input.value.trim());
      if (input.value.trim().length >= 2) run(input.value, true);
    },
    /** Stops the pending and the running search. */
    cancel() {
      window.clearTimeout(state.timer);
      if (state.controller) state.controller.abort();
    },
  };
}

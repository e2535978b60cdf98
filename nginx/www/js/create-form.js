// The create-contact form inside the dialog: pre-filled from the search that found nobody, checked
// here for its required fields, sent to HubSpot through the API, with the server's per-field
// errors shown next to the fields. Its result section also says where a picked contact's
// conversation will appear.

import { createContact } from "./api.js";
import { CONTACT_FIELDS, contactRequest, firstMissingField, prefillFromQuery } from "./contact-draft.js";
import { contactCard } from "./contact-card.js";
import { byId, el, setStatus } from "./dom.js";
import { createFailureStatus } from "./status-text.js";

const input = (field) => byId("create-" + field);
const errorLine = (field) => byId("create-" + field + "-error");

/** The form #create-form and the result section #create-result. `onCreated()` runs after HubSpot
 *  accepted a contact (created or already there). */
export function createContactForm({ onCreated }) {
  const form = byId("create-form");
  const status = byId("create-status");

  function clearFieldErrors() {
    CONTACT_FIELDS.forEach((field) => {
      input(field).removeAttribute("aria-invalid");
      const error = errorLine(field);
      error.textContent = "";
      error.hidden = true;
    });
  }

  // False when `field` is not one of the form's (a server error about a field we do not show).
  function showFieldError(field, message) {
    const fieldInput = input(field);
    const error = errorLine(field);
    if (!fieldInput || !error) return false;
    fieldInput.setAttribute("aria-invalid", "true");
    error.textContent = message;
    error.hidden = false;
    return true;
  }

  /** Hides and empties the form and the result section. */
  function reset() {
    form.hidden = true;
    byId("create-result").hidden = true;
    form.reset();
    clearFieldErrors();
    setStatus(status, { text: "" });
  }

  /** Shows the empty form, pre-filled from the search field's query, focus in its first empty field. */
  function show() {
    reset();
    Object.entries(prefillFromQuery(byId("search-input").value)).forEach(([field, value]) => {
      input(field).value = value;
    });
    form.hidden = false;
    const first = CONTACT_FIELDS.map(input).find((node) => !node.value) || input("firstName");
    first.focus();
  }

  async function submit(event) {
    event.preventDefault();
    clearFieldErrors();
    const values = {};
    CONTACT_FIELDS.forEach((field) => { values[field] = input(field).value.trim(); });
    const missing = firstMissingField(values);
    if (missing) {
      showFieldError(missing.field, missing.message);
      setStatus(status, { text: "Check the highlighted fields.", kind: "error" });
      input(missing.field).focus();
      return;
    }
    const submitButton = byId("create-submit");
    submitButton.disabled = true;
    setStatus(status, { text: "Creating the contact in HubSpot…" });
    try {
      const { status: httpStatus, body: answer } = await createContact(contactRequest(values));
      const created = answer.created === true || httpStatus === 201;
      form.hidden = true;
      showResult(answer.contact || {}, created ? "Contact created in HubSpot" : "Already in HubSpot: nothing was created", null);
      onCreated();
    } catch (error) {
      if (error.status === 400 && error.field && showFieldError(error.field, error.message)) {
        setStatus(status, { text: "HubSpot did not accept this contact: check the highlighted field.", kind: "error" });
        input(error.field).focus();
      } else {
        setStatus(status, createFailureStatus(error));
      }
    } finally {
      submitButton.disabled = false;
    }
  }

  /** Shows `contact` as a card under `heading`, with `note` (if any) below it, and moves focus to it. */
  function showResult(contact, heading, note) {
    const section = byId("create-result");
    byId("create-result-heading").textContent = heading;
    const card = byId("create-result-card");
    card.replaceChildren();
    const wrapper = el("div", "contact");
    const { actions } = contactCard(contact, false, wrapper);
    if (note) wrapper.append(el("p", "muted", note));
    if (actions.childElementCount) wrapper.append(actions);
    card.append(wrapper);
    section.hidden = false;
    section.focus();
  }

  byId("show-create").addEventListener("click", show);
  byId("cancel-create").addEventListener("click", () => {
    reset();
    byId("search-input").focus();
  });
  form.addEventListener("submit", submit);

  return { reset, show, showResult };
}

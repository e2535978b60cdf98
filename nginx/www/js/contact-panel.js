// The HubSpot card beside the open thread: the contact with the thread's number (name, company,
// email, numbers, link to HubSpot), or, for a number HubSpot does not know, a "Create contact"
// button that opens the create form with the number filled in.

import { lookupContact } from "./api.js";
import { contactCard } from "./contact-card.js";
import { byId, el, hubSpotLink, setStatus } from "./dom.js";
import { formatPhone } from "./format.js";

/** The aside #contact-panel. `onCreate(phone)` runs when the operator asks to create a contact. */
export function createContactPanel({ onCreate }) {
  const panel = byId("contact-panel");
  const body = byId("contact-panel-body");
  const status = byId("contact-panel-status");
  let controller = null;
  let shownFor = null;        // the signature of what the card shows (phone, contact id, name)

  function cancel() {
    if (controller) controller.abort();
    controller = null;
  }

  function showContact(contact, stale) {
    const card = el("div", "contact");
    const { actions } = contactCard(contact, stale, card);
    if (actions.childElementCount) card.append(actions);
    body.replaceChildren(card);
  }

  function showUnknown(phone) {
    const card = el("div", "contact");
    card.append(el("p", "name", "Not in HubSpot"));
    card.append(el("p", "muted", formatPhone(phone) || phone));
    const create = el("button", "button primary", "Create contact");
    create.type = "button";
    create.id = "contact-panel-create";
    create.setAttribute("aria-haspopup", "dialog");
    create.addEventListener("click", () => onCreate(phone));
    card.append(create);
    body.replaceChildren(card);
  }

  // What the conversation itself says, when HubSpot cannot be asked.
  function showFromConversation(conversation) {
    const card = el("div", "contact");
    card.append(el("p", "name", conversation.name || formatPhone(conversation.phone) || "Unknown number"));
    if (conversation.company) card.append(el("p", "muted", conversation.company));
    const link = hubSpotLink(conversation.hubspotUrl, conversation.name);
    if (link) card.append(link);
    body.replaceChildren(card);
  }

  /**
   * Shows the card for `subject`: `{ phone, conversation?, contact? }` — a contact already known
   * (picked in the search) is shown as is; otherwise HubSpot is asked for the number. Asking again
   * for what is already shown does nothing unless `force`.
   */
  async function show(subject, force = false) {
    const conversation = subject.conversation || null;
    const signature = JSON.stringify([subject.phone, conversation && conversation.hubspotContactId,
      conversation && conversation.name, subject.contact && subject.contact.id]);
    panel.hidden = false;
    if (!force && signature === shownFor) return;
    shownFor = signature;
    cancel();
    if (subject.contact) {
      showContact(subject.contact, false);
      setStatus(status, { text: "" });
      return;
    }
    if (!subject.phone) {
      body.replaceChildren();
      setStatus(status, { text: "" });
      return;
    }
    const current = new AbortController();
    controller = current;
    panel.setAttribute("aria-busy", "true");
    setStatus(status, { text: "Looking the number up in HubSpot…" });
    try {
      const { body: answer } = await lookupContact(subject.phone, current.signal);
      if (answer.found && answer.contact) showContact(answer.contact, answer.cache === "stale");
      else showUnknown(subject.phone);
      setStatus(status, answer.cache === "stale"
        ? { text: "HubSpot is unavailable: this is what was saved, and may be out of date.", kind: "warning" }
        : { text: "" });
    } catch (error) {
      if (error.name === "AbortError") return;
      if (conversation) showFromConversation(conversation);
      else body.replaceChildren();
      setStatus(status, { text: "Could not ask HubSpot: " + error.message, kind: "error" });
    } finally {
      if (controller === current) {
        controller = null;
        panel.setAttribute("aria-busy", "false");
      }
    }
  }

  return {
    show,
    /** Hides the card (no thread open). */
    hide() {
      cancel();
      shownFor = null;
      panel.hidden = true;
      body.replaceChildren();
      setStatus(status, { text: "" });
    },
  };
}

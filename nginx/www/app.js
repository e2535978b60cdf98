// hubspot-fcgi inbox: the conversation list, the contact search dialog and the create-contact
// form. This entry module builds the parts (js/*.js, plain ES modules, no build step, no
// dependencies), connects them and handles the page-wide keyboard shortcuts.

import { byId, isEditable } from "./js/dom.js";
import { createContactDialog } from "./js/dialog.js";
import { createContactForm } from "./js/create-form.js";
import { formatPhone } from "./js/format.js";
import { createConversationList } from "./js/list.js";
import { createContactSearch } from "./js/search.js";

const list = createConversationList();
const form = createContactForm({ onCreated: () => list.refresh() });
const search = createContactSearch({ mode: () => dialog.mode, onStart: startConversation });
const dialog = createContactDialog({
  beforeShow: () => form.reset(),
  afterOpen: () => search.repeat(),
  beforeClose: () => search.cancel(),
});

// A conversation starts with the first text sent from OpenPhone; here we take the operator to
// it when it exists, or say where it will appear.
function startConversation(contact) {
  const existing = list.conversationFor(contact);
  if (existing) {
    dialog.close();
    list.focus(existing);
    return;
  }
  const number = contact.phone || contact.mobilePhone;
  form.showResult(contact, "No messages with this contact yet",
    `Text ${formatPhone(number)} from OpenPhone; the conversation appears in the inbox, named.`);
}

// "/" (outside a text field) and Ctrl+K (or Cmd+K) open the search; inside the open dialog, Esc
// and Tab are the dialog's.
function onKeydown(event) {
  if (event.defaultPrevented) return;
  const key = event.key;
  if ((event.ctrlKey || event.metaKey) && !event.altKey && (key === "k" || key === "K")) {
    event.preventDefault();
    dialog.open(dialog.isOpen ? dialog.mode : "search");
    return;
  }
  if (dialog.isOpen) {
    dialog.handleKey(event);
    return;
  }
  if (key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !isEditable(document.activeElement)) {
    event.preventDefault();
    dialog.open("search");
  }
}

document.addEventListener("keydown", onKeydown);
byId("open-search").addEventListener("click", () => dialog.open("search"));
byId("new-conversation").addEventListener("click", () => dialog.open("new"));
list.start();

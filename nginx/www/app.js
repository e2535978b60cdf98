// hubspot-fcgi inbox: the conversation list, the open thread with its composer and HubSpot card,
// the contact search dialog and the create-contact form. This entry module builds the parts
// (js/*.js, plain ES modules, no build step, no dependencies), connects them and handles the
// page-wide keyboard shortcuts.

import { byId, isEditable } from "./js/dom.js";
import { createContactDialog } from "./js/dialog.js";
import { createContactForm } from "./js/create-form.js";
import { conversationKey } from "./js/conversation-pages.js";
import { createConversationList } from "./js/list.js";
import { createContactSearch } from "./js/search.js";
import { createThread } from "./js/thread.js";

// Below this width the list and the thread take turns (app.css's breakpoint).
const narrow = () => window.matchMedia("(max-width: 720px)").matches;

const list = createConversationList({
  // On a phone the list goes away: focus goes to the thread that replaced it.
  onOpen: (conversation) => thread.open(conversation, narrow() ? "thread" : null),
});
const thread = createThread({
  list,
  onCreateContact: createContactFor,
  // Back at the list (phone widths): focus returns to the conversation that was open.
  onClose: (closed) => {
    if (closed) list.focusSelected(conversationKey(closed));
    else byId("conversations-heading").focus();
  },
});
const form = createContactForm({
  onCreated: () => {
    list.refresh();
    thread.contactChanged();
  },
});
const search = createContactSearch({ mode: () => dialog.mode, onStart: startConversation, onStartNumber: startWithNumber });
const dialog = createContactDialog({
  beforeShow: () => form.reset(),
  afterOpen: () => search.repeat(),
  beforeClose: () => search.cancel(),
});

// A picked contact: their conversation opens when there is one, else a first text to them.
function startConversation(contact) {
  const existing = list.conversationFor(contact);
  dialog.close();
  if (existing) {
    thread.open(existing, "thread");
  } else {
    thread.openDraft(contact.phone || contact.mobilePhone, contact);
  }
}

// A number typed in the "New conversation" search: a first text to it (the server tells which
// conversation it belongs to when it answers).
function startWithNumber(number) {
  dialog.close();
  thread.openDraft(number, null);
}

// "Create contact" on the card of a number HubSpot does not know: the dialog's create form,
// with the number filled in.
function createContactFor(phone) {
  byId("search-input").value = phone;
  dialog.open("search");
  form.show();
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
thread.openFromAddress();

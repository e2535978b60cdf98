// The thread pane: opens a conversation (its newest messages, then "read"), polls it every
// POLL_MS while the page is visible, loads older pages on demand, sends through the outbox and
// says what happens — new messages and delivery states to screen readers, OpenPhone outages and
// opted-out numbers to everyone. A first text to a number ("draft") opens its conversation once
// the server has stored it.

import { markRead, threadPage } from "./api.js";
import { createComposer } from "./composer.js";
import { createContactPanel } from "./contact-panel.js";
import { byId, el, setStatus } from "./dom.js";
import { formatPhone } from "./format.js";
import { messageStatus } from "./message-status.js";
import { createMessageList } from "./message-list.js";
import { createOutbox } from "./outbox.js";
import { arrivals, mergeMessages, mergeNewest, mergeOlder, stateChanges } from "./thread-merge.js";
import { optedOutNotice, outageStatus, sendRefusedStatus, threadLoadStatus, threadTitle } from "./thread-text.js";

/** How often the open thread is polled (and a failed load retried). */
export const POLL_MS = 3000;

/** Messages per page. */
export const THREAD_PAGE = 50;

/**
 * The thread pane #thread and the card beside it. `list` is the conversation list (marked with
 * the open conversation, refreshed when the thread changes it); `onCreateContact(phone)` opens
 * the create form; `onClose(conversation)` runs when the operator goes back to the list from
 * `conversation` (null from a first text not sent).
 */
export function createThread({ list, onCreateContact, onClose }) {
  const pane = byId("thread");
  const layout = byId("main");
  const status = byId("thread-status");
  const announcer = byId("thread-announcer");
  const olderButton = byId("load-older");
  const messages = createMessageList();
  const panel = createContactPanel({ onCreate: onCreateContact });
  const composer = createComposer({ onSend: send });
  const outbox = createOutbox({ onChange: changed, onAnswered: answered, onRefused: refused });

  const state = {
    key: null,            // "id:<id>" for a conversation, "to:<number>" for a draft
    conversation: null,
    draft: null,          // { to, contact } while composing a first text
    stored: [],           // the server's messages of the open conversation
    before: null,         // cursor of the next older page
    loaded: false,        // the first page has come
    error: null,
    timer: 0,
    generation: 0,        // bumped on every open: answers for an earlier thread are dropped
    polling: false,
  };

  const shown = () => mergeMessages(state.stored, outbox.locals(state.key));

  function announce(text) {
    // Emptied first so that the same sentence twice is announced twice.
    announcer.textContent = "";
    window.setTimeout(() => { announcer.textContent = text; }, 50);
  }

  // Everything around the messages first: a status line that appears shrinks the scrolling box,
  // which must be measured after it did.
  function render(keep = "auto") {
    const items = shown();
    showStatus();
    const empty = byId("thread-empty");
    empty.hidden = !(state.loaded || state.draft) || items.length > 0;
    empty.textContent = state.draft
      ? "No messages yet: your first text starts the conversation."
      : "No messages in this conversation yet.";
    olderButton.hidden = !state.before;
    messages.show(items, (message) => ({
      retrying: outbox.isRetrying(message.id),
      retried: outbox.wasRetried(message.id),
      onRetry: retry,
    }), keep);
  }

  function showStatus() {
    if (state.error) {
      setStatus(status, threadLoadStatus(state.error, state.stored.length > 0, POLL_MS / 1000));
    } else if (!state.loaded && !state.draft) {
      setStatus(status, { text: "Loading messages…" });
    } else {
      setStatus(status, outageStatus(state.stored) || { text: "" });
    }
  }

  function showHeader() {
    const subject = state.conversation || { phone: state.draft.to, name: state.draft.contact && state.draft.contact.name };
    byId("thread-title").textContent = state.draft ? "New message to " + threadTitle(subject) : threadTitle(subject);
    const details = [];
    if (subject.name && subject.phone) details.push(formatPhone(subject.phone));
    if (state.conversation && state.conversation.company) details.push(state.conversation.company);
    byId("thread-subtitle").textContent = details.join(" · ");
    pane.dataset.phone = subject.phone || "";
    composer.setBlocked(optedOutNotice(state.conversation));
    panel.show({ phone: subject.phone, conversation: state.conversation, contact: state.draft && state.draft.contact });
  }

  function stopPolling() {
    window.clearTimeout(state.timer);
    state.timer = 0;
  }

  function schedulePoll(delay = POLL_MS) {
    stopPolling();
    if (state.conversation) state.timer = window.setTimeout(poll, delay);
  }

  // Shows the pane for a thread about to load or be composed: no earlier thread's messages,
  // status or composer text left.
  function prepare(key) {
    stopPolling();
    state.generation += 1;
    state.key = key;
    state.stored = [];
    state.before = null;
    state.loaded = false;
    state.error = null;
    messages.clear();
    composer.reset();
    layout.classList.add("thread-open");
    byId("thread-body").hidden = false;
    byId("thread-placeholder").hidden = true;
  }

  /**
   * Opens `conversation` (an API conversation, or `{ id }` when only the id is known). `focus`:
   * "thread" moves focus to the pane (what opened it is gone), "composer" to the text field,
   * anything else leaves it.
   */
  function open(conversation, focus) {
    prepare("id:" + conversation.id);
    state.conversation = conversation;
    state.draft = null;
    list.select(conversation.id);
    showHeader();
    render("bottom");
    remember(conversation.id);
    moveFocus(focus);
    load();
  }

  /** Opens a first text to `to` (a number as typed, or a contact's), `contact` the HubSpot
   *  contact it was picked from (or null). Focus goes to the composer. */
  function openDraft(to, contact) {
    prepare("to:" + to);
    state.conversation = null;
    state.draft = { to, contact };
    list.select(null);
    showHeader();
    render("bottom");
    remember(null);
    moveFocus("composer");
  }

  function moveFocus(focus) {
    if (focus === "thread") pane.focus();
    else if (focus === "composer") composer.focus();
  }

  // The open conversation in the address (#conversation-7), so a reload opens it again.
  function remember(id) {
    const hash = id === null ? "" : "#conversation-" + id;
    if (location.hash !== hash) history.replaceState(null, "", hash || location.pathname + location.search);
  }

  /** Closes the thread and shows the list (the back button at phone widths). */
  function close() {
    const closed = state.conversation;
    stopPolling();
    state.generation += 1;
    state.key = null;
    state.conversation = null;
    state.draft = null;
    state.stored = [];
    messages.clear();
    layout.classList.remove("thread-open");
    byId("thread-body").hidden = true;
    byId("thread-placeholder").hidden = false;
    byId("thread-title").textContent = "No conversation open";
    byId("thread-subtitle").textContent = "";
    setStatus(status, { text: "" });
    delete pane.dataset.phone;
    panel.hide();
    list.select(null);
    remember(null);
    onClose(closed);
  }

  async function load() {
    const generation = state.generation;
    const id = state.conversation.id;
    byId("messages").setAttribute("aria-busy", "true");
    try {
      const { body } = await threadPage(id, THREAD_PAGE);
      if (generation !== state.generation) return;
      accept(body.conversation);
      state.stored = mergeMessages([], Array.isArray(body.messages) ? body.messages : []);
      state.before = body.before || null;
      state.loaded = true;
      state.error = null;
      render("bottom");
      read();
    } catch (error) {
      if (generation !== state.generation) return;
      state.error = error;
      render();
    } finally {
      if (generation === state.generation) {
        byId("messages").setAttribute("aria-busy", "false");
        if (!(state.error && state.error.status === 404)) schedulePoll();
      }
    }
  }

  // The conversation as the server now has it (name, opt-out, unread count).
  function accept(conversation) {
    if (!conversation) return;
    const before = JSON.stringify(state.conversation);
    state.conversation = conversation;
    if (JSON.stringify(conversation) !== before) showHeader();
  }

  async function read() {
    const id = state.conversation && state.conversation.id;
    if (id === undefined || id === null) return;
    try {
      await markRead(id);
    } catch (_) {
      // The unread badge stays; the next poll that brings a message marks it read again.
    }
    list.refresh();
  }

  async function poll() {
    if (!state.conversation || state.polling) return;
    if (document.hidden) {
      schedulePoll();
      return;
    }
    state.polling = true;
    const generation = state.generation;
    try {
      if (!state.loaded) {
        await load();
        return;
      }
      const { body } = await threadPage(state.conversation.id, THREAD_PAGE);
      if (generation !== state.generation) return;
      const previous = state.stored;
      accept(body.conversation);
      const merged = mergeNewest({ messages: state.stored, before: state.before },
        { messages: Array.isArray(body.messages) ? body.messages : [], before: body.before || null });
      state.stored = merged.messages;
      state.before = merged.before;
      state.error = null;
      render(merged.restarted ? "bottom" : "auto");
      tell(previous, state.stored);
    } catch (error) {
      if (generation !== state.generation) return;
      state.error = error;
      showStatus();
    } finally {
      state.polling = false;
      if (generation === state.generation) schedulePoll();
    }
  }

  // Says what changed between two polls: new messages (then the conversation is read) and
  // delivery states of messages sent.
  function tell(before, after) {
    const came = arrivals(before, after);
    const changes = stateChanges(before, after);
    const sentences = [];
    if (came.length === 1) sentences.push(`New message from ${threadTitle(state.conversation)}: ${came[0].text}`);
    else if (came.length > 1) sentences.push(`${came.length} new messages from ${threadTitle(state.conversation)}.`);
    changes.forEach((message) => sentences.push(`Your message “${short(message.text)}”: ${messageStatus(message).text}`));
    if (sentences.length) announce(sentences.join(" "));
    if (came.length) read();
  }

  async function loadOlder() {
    if (!state.before || !state.conversation) return;
    const generation = state.generation;
    olderButton.disabled = true;
    setStatus(status, { text: "Loading older messages…" });
    try {
      const { body } = await threadPage(state.conversation.id, THREAD_PAGE, state.before);
      if (generation !== state.generation) return;
      const merged = mergeOlder({ messages: state.stored }, {
        messages: Array.isArray(body.messages) ? body.messages : [], before: body.before || null,
      });
      state.stored = merged.messages;
      state.before = merged.before;
      state.error = null;
      render("anchor");
      if (!state.before) byId("messages-scroll").focus();
    } catch (error) {
      if (generation !== state.generation) return;
      setStatus(status, { text: "Could not load older messages: " + error.message, kind: "error" });
    } finally {
      olderButton.disabled = false;
    }
  }

  // --- sending -------------------------------------------------------------------------------

  function send(text) {
    if (state.draft) outbox.send(state.key, { to: state.draft.to, text });
    else if (state.conversation) outbox.send(state.key, { conversationId: state.conversation.id, text });
  }

  function retry(message) {
    if (message.local) outbox.retryLocal(message);
    else outbox.retryStored(state.key, message);
  }

  // The outbox's local messages or retries of `threadKey` changed.
  function changed(threadKey) {
    if (threadKey === state.key) render("auto");
  }

  function answered(threadKey, answer, body) {
    list.refresh();
    const message = answer.message;
    if (threadKey !== state.key) return;
    if (state.draft && answer.conversation) {
      // The first text is stored: its conversation opens, holding it.
      const conversation = answer.conversation;
      state.key = "id:" + conversation.id;
      state.draft = null;
      state.conversation = conversation;
      list.select(conversation.id);
      remember(conversation.id);
      showHeader();
      announce(`Conversation with ${threadTitle(conversation)} started.`);
      // Its whole newest page (a number typed may have had a conversation already), and its cursor.
      if (message) state.stored = mergeMessages(state.stored, [message]);
      render("bottom");
      load();
      return;
    }
    accept(answer.conversation);
    if (message) state.stored = mergeMessages(state.stored, [message]);
    render("bottom");
    if (message && message.status === "failed") {
      announce(`Your message was not sent: ${messageStatus(message).text}`);
    } else if (body.retryOf) {
      announce("Sent again.");
    }
    schedulePoll(POLL_MS / 2);
  }

  function refused(threadKey, error, body) {
    if (threadKey !== state.key) return;
    if (!body.retryOf) composer.restore(body.text);
    composer.say(sendRefusedStatus(error));
    if (error.code === "opted_out" && state.conversation) {
      accept({ ...state.conversation, optedOut: true });
      schedulePoll(0);
    }
  }

  function short(text) {
    const characters = Array.from(typeof text === "string" ? text : "");
    return characters.length > 30 ? characters.slice(0, 30).join("") + "…" : characters.join("");
  }

  olderButton.addEventListener("click", loadOlder);
  byId("thread-back").addEventListener("click", close);
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.conversation) schedulePoll(0);
  });

  return {
    open,
    openDraft,
    close,
    /** The conversation open now, if any. */
    get conversation() { return state.conversation; },
    /** The HubSpot side changed (a contact was created): ask again, now. */
    contactChanged() {
      if (!state.key) return;
      const phone = state.conversation ? state.conversation.phone : state.draft.to;
      panel.show({ phone, conversation: state.conversation, contact: null }, true);
      schedulePoll(0);
    },
    /** Opens the conversation named in the address (#conversation-7), if any. */
    openFromAddress() {
      const match = /^#conversation-(.+)$/.exec(location.hash);
      if (!match) return;
      const id = decodeURIComponent(match[1]);
      open({ id: /^\d+$/.test(id) ? Number(id) : id }, null);
    },
  };
}

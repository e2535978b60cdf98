// The conversation list: loads it, refreshes it every REFRESH_MS while the page is visible, loads
// older pages on demand, and keeps the reader's scroll position and focus across refreshes.

import { listConversations } from "./api.js";
import { appendPage, conversationKey, conversationWith, mergeRefresh, PAGE_SIZE, refreshLimit } from "./conversation-pages.js";
import { refreshTime, renderConversation } from "./conversation-item.js";
import { byId, setStatus } from "./dom.js";
import { listStatus } from "./status-text.js";

/** How often the list is refreshed, and a failed load retried. */
export const REFRESH_MS = 15000;

/** The list of #conversations, with its status line and "Load older conversations" button.
 *  `onOpen(conversation)` runs when the operator opens one (its button, or a click on its item). */
export function createConversationList({ onOpen }) {
  const container = byId("conversations");
  const moreButton = byId("load-more");
  const state = {
    items: [],             // conversations in display order
    next: null,            // cursor of the page after the loaded ones
    loading: false,
    refreshWanted: false,  // a refresh was asked for while the list was loading
    nodes: new Map(),      // conversation key → <li>
    selected: null,        // key of the conversation open in the thread pane
  };

  // Marks the open conversation's item (its class is rewritten whenever it is rendered again).
  function markSelected() {
    state.nodes.forEach((node, key) => {
      const selected = key === state.selected;
      node.classList.toggle("selected", selected);
      if (selected) node.setAttribute("aria-current", "true");
      else node.removeAttribute("aria-current");
    });
  }

  // Puts `items` on the page, reusing the <li> of every conversation already shown, so the
  // reader's scroll position and focus survive a refresh.
  function show(items) {
    const now = new Date();
    const active = document.activeElement;
    const activeItem = active && container.contains(active) ? active.closest("li.conversation") : null;
    const activeKey = activeItem ? activeItem.dataset.id : null;
    const activeTag = active ? active.tagName : "";

    const keep = new Map();
    items.forEach((conversation) => {
      const key = conversationKey(conversation);
      let node = state.nodes.get(key);
      if (!node) node = document.createElement("li");
      // Unchanged conversations keep their nodes (and whatever has focus inside them); only
      // their relative time is brought up to date.
      const signature = JSON.stringify(conversation);
      if (node.dataset.signature !== signature) {
        renderConversation(node, conversation, now);
        node.dataset.signature = signature;
      } else {
        refreshTime(node, now);
      }
      keep.set(key, node);
    });
    state.nodes.forEach((node, key) => { if (!keep.has(key)) node.remove(); });
    let cursor = container.firstElementChild;
    keep.forEach((node) => {
      if (node === cursor) {
        cursor = cursor.nextElementSibling;
      } else {
        container.insertBefore(node, cursor);
      }
    });
    state.nodes = keep;
    state.items = items;
    markSelected();

    if (activeKey && document.activeElement !== active) {
      const node = state.nodes.get(activeKey);
      const target = !node ? null
        : activeTag === "A" ? node.querySelector("a")
          : activeTag === "BUTTON" ? node.querySelector("button.open-conversation")
            : (active === activeItem ? node : null);
      if (target) target.focus({ preventScroll: true });
    }
  }

  function showState(error) {
    setStatus(byId("list-status"), listStatus(error, state.items.length, REFRESH_MS / 1000));
    moreButton.hidden = !state.next;
    container.setAttribute("aria-busy", "false");
  }

  // A refresh asked for while the list is loading runs once that load ends: the answer in flight
  // may predate what the caller changed (a contact just created).
  function finishLoading() {
    state.loading = false;
    if (state.refreshWanted) {
      state.refreshWanted = false;
      refresh();
    }
  }

  /** Loads the newest conversations again (as many as are shown, within limits). */
  async function refresh() {
    if (state.loading) {
      state.refreshWanted = true;
      return;
    }
    state.loading = true;
    const limit = refreshLimit(state.items.length);
    try {
      const { body } = await listConversations(limit);
      const fresh = Array.isArray(body.conversations) ? body.conversations : [];
      const merged = mergeRefresh(state.items, fresh, limit);
      if (!merged.keptOlder) state.next = body.next || null;
      show(merged.items);
      byId("list-updated").textContent = "Updated " + new Date().toLocaleTimeString();
      showState(null);
    } catch (error) {
      if (error.name !== "AbortError") showState(error);
    } finally {
      finishLoading();
    }
  }

  /** Appends the page of conversations older than the loaded ones. */
  async function loadMore() {
    if (!state.next || state.loading) return;
    state.loading = true;
    moreButton.disabled = true;
    setStatus(byId("list-status"), { text: "Loading older conversations…" });
    try {
      const { body } = await listConversations(PAGE_SIZE, state.next);
      state.next = body.next || null;
      show(appendPage(state.items, body.conversations || []));
      showState(null);
    } catch (error) {
      showState(error);
    } finally {
      moreButton.disabled = false;
      finishLoading();
    }
  }

  /** Loads the list now, then refreshes it every REFRESH_MS and whenever the page becomes visible
   *  again; a hidden page asks for nothing. */
  function start() {
    moreButton.addEventListener("click", loadMore);
    container.addEventListener("click", (event) => {
      // Links keep their own meaning (Open in HubSpot); anything else on an item opens it.
      if (event.target.closest("a")) return;
      const node = event.target.closest("li.conversation");
      if (!node) return;
      const conversation = state.items.find((item) => conversationKey(item) === node.dataset.id);
      if (conversation) onOpen(conversation);
    });
    refresh();
    window.setInterval(() => { if (!document.hidden) refresh(); }, REFRESH_MS);
    document.addEventListener("visibilitychange", () => { if (!document.hidden) refresh(); });
  }

  /** The shown conversation with `contact`'s phone or mobile number, if any. */
  function conversationFor(contact) {
    return conversationWith(state.items, contact);
  }

  /** Scrolls to the shown `conversation` and gives it focus. */
  function focus(conversation) {
    const node = state.nodes.get(conversationKey(conversation));
    if (!node) return;
    node.tabIndex = -1;
    node.scrollIntoView({ block: "center" });
    node.focus();
  }

  /** Marks the conversation with id `id` as the open one (null: none). */
  function select(id) {
    state.selected = id === null || id === undefined ? null : String(id);
    markSelected();
  }

  /** Gives focus back to the open conversation's button (after the thread was closed). */
  function focusSelected(key) {
    const node = state.nodes.get(key);
    const button = node && node.querySelector("button.open-conversation");
    if (button) button.focus();
  }

  return { start, refresh, conversationFor, focus, select, focusSelected };
}

// The messages of the open thread on the page (#messages inside its scrolling box): reuses the <li>
// of every message already shown, so focus (a Retry button) survives a poll, and keeps the reader
// where they were — at the newest message when they were there, on the same message when an
// older page is added above.

import { byId } from "./dom.js";
import { renderMessage } from "./message-item.js";
import { messageKey } from "./thread-merge.js";

/** How close to the bottom (px) still counts as reading the newest messages. */
const NEAR_BOTTOM = 48;

/** The list #messages in the scrolling box #messages-scroll. */
export function createMessageList() {
  const container = byId("messages");
  const scroller = byId("messages-scroll");
  let nodes = new Map();      // message key → <li>

  function atBottom() {
    return scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= NEAR_BOTTOM;
  }

  /**
   * Shows `messages` (thread order). `options(message)` gives each message's render options (see
   * renderMessage). `keep` is "bottom" (go to the newest), "anchor" (an older page was added:
   * stay on the message that was first) or "auto" (follow new messages only when at the bottom).
   */
  function show(messages, options, keep = "auto") {
    const follow = keep === "bottom" || (keep === "auto" && atBottom());
    const anchor = keep === "anchor" ? container.firstElementChild : null;
    const anchorTop = anchor ? anchor.getBoundingClientRect().top : 0;

    const next = new Map();
    messages.forEach((message) => {
      const key = messageKey(message);
      const settings = options(message);
      const signature = JSON.stringify([message, settings.retrying, settings.retried]);
      let node = nodes.get(key);
      if (!node) node = document.createElement("li");
      if (node.dataset.signature !== signature) {
        renderMessage(node, message, settings);
        node.dataset.signature = signature;
      }
      next.set(key, node);
    });
    nodes.forEach((node, key) => { if (!next.has(key)) node.remove(); });
    let cursor = container.firstElementChild;
    next.forEach((node) => {
      if (node === cursor) cursor = cursor.nextElementSibling;
      else container.insertBefore(node, cursor);
    });
    nodes = next;

    if (follow) {
      scroller.scrollTop = scroller.scrollHeight;
    } else if (anchor && anchor.isConnected) {
      scroller.scrollTop += anchor.getBoundingClientRect().top - anchorTop;
    }
  }

  /** Empties the list (another thread is opened). */
  function clear() {
    container.replaceChildren();
    nodes = new Map();
  }

  return { show, clear };
}

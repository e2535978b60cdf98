// One message of a thread as an <li>: its text, attachments (as links: the page's CSP loads no
// images from elsewhere), time, who sent it, and for outgoing messages the delivery state with the
// failure's reason and a Retry button.

import { el } from "./dom.js";
import { canRetry, messageStatus, senderLabel } from "./message-status.js";
import { messageKey } from "./thread-merge.js";
import { safeHttpsUrl } from "./urls.js";

/**
 * Fills the <li> `node` with `message`. `retrying` says a retry of it is under way (its button is
 * off), `retried` that it was sent again already (no button). `onRetry(message)` runs on Retry.
 */
export function renderMessage(node, message, { retrying, retried, onRetry }) {
  const outgoing = message.direction === "outgoing";
  const status = messageStatus(message);
  node.replaceChildren();
  node.className = "message " + (outgoing ? "outgoing" : "incoming") + (status.kind ? " state-" + status.kind : "");
  node.dataset.id = messageKey(message);
  node.dataset.status = message.status || "";

  const bubble = el("div", "bubble");
  bubble.append(el("p", "text", typeof message.text === "string" ? message.text : ""));
  const media = Array.isArray(message.media) ? message.media : [];
  media.forEach((item, index) => {
    const href = safeHttpsUrl(item && item.url);
    if (!href) return;
    const link = el("a", "attachment", `Attachment ${index + 1}` + (item.contentType ? ` (${item.contentType})` : ""));
    link.href = href;
    link.target = "_blank";
    link.rel = "noopener noreferrer";
    bubble.append(link);
  });
  node.append(bubble);

  const meta = el("p", "meta");
  meta.append(el("span", "who", whoLine(message)));
  const when = new Date(message.createdAt);
  if (!Number.isNaN(when.getTime())) {
    const time = el("time", null, when.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }));
    time.dateTime = message.createdAt;
    meta.append(" · ", time);
  }
  node.append(meta);

  if (status.text) {
    const state = el("p", "state", status.text);
    node.append(state);
    if (canRetry(message) && !retried) {
      const retry = el("button", "button retry", retrying ? "Retrying…" : "Retry");
      retry.type = "button";
      retry.disabled = Boolean(retrying);
      retry.setAttribute("aria-label", "Retry sending: " + shorten(message.text));
      retry.addEventListener("click", () => onRetry(message));
      state.append(" ", retry);
    } else if (retried) {
      state.append(el("span", "muted", " · sent again below"));
    }
  }
}

// "Received", "Sent by alice", "You" (a send not answered yet), "Sent from OpenPhone" (no user).
function whoLine(message) {
  if (message.direction !== "outgoing") return "Received";
  if (message.local) return "You";
  const sender = senderLabel(message);
  return sender ? "Sent by " + sender : "Sent from OpenPhone";
}

function shorten(text) {
  const characters = Array.from(typeof text === "string" ? text : "");
  return characters.length > 40 ? characters.slice(0, 40).join("") + "…" : characters.join("");
}

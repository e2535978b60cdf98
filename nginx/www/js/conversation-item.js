// One conversation of the list as an <li>: avatar, name (or the formatted number) as the button
// that opens it, company, HubSpot link, last message, its relative time and the unread badge.

import { conversationKey } from "./conversation-pages.js";
import { el, hubSpotLink } from "./dom.js";
import { formatPhone, initials, relativeTime, unreadBadge } from "./format.js";

/** Fills the <li> `node` with `conversation` as of `now`. */
export function renderConversation(node, conversation, now) {
  const name = typeof conversation.name === "string" && conversation.name ? conversation.name : null;
  const phone = formatPhone(conversation.phone);
  node.replaceChildren();
  node.className = "conversation" + (conversation.unreadCount > 0 ? " unread" : "");
  node.dataset.id = conversationKey(conversation);
  node.dataset.phone = conversation.phone || "";

  const avatar = el("div", "avatar", initials(name, conversation.phone));
  avatar.setAttribute("aria-hidden", "true");

  const who = el("div", "who");
  // The name is the button that opens the thread; a click anywhere else on the item does too
  // (list.js), but only this is in the tab order.
  const title = el("p", name ? "name" : "name unknown");
  const opener = el("button", "open-conversation", name || phone || "Unknown number");
  opener.type = "button";
  opener.setAttribute("aria-label", `Open the conversation with ${name || phone || "an unknown number"}`
    + (conversation.unreadCount > 0 ? `, ${unreadBadge(conversation.unreadCount).label}` : ""));
  title.append(opener);
  who.append(title);
  const meta = el("div", "meta-line");
  if (conversation.company) meta.append(el("span", "company", conversation.company));
  if (name && phone) meta.append(el("span", "phone", phone));
  const link = hubSpotLink(conversation.hubspotUrl, name || phone);
  if (link) meta.append(link);
  if (meta.childElementCount) who.append(meta);

  const message = conversation.lastMessage || {};
  const last = el("p", "last");
  if (message.direction === "outgoing") last.append(el("span", "direction", "You: "));
  last.append(document.createTextNode(typeof message.text === "string" && message.text ? message.text : "(no text)"));
  if (typeof message.text === "string") last.title = message.text;
  who.append(last);

  const side = el("div", "side");
  if (message.at) {
    const time = el("time", null, relativeTime(message.at, now));
    time.dateTime = message.at;
    const when = new Date(message.at);
    if (!Number.isNaN(when.getTime())) time.title = when.toLocaleString();
    side.append(time);
  }
  if (conversation.unreadCount > 0) {
    const { text, label } = unreadBadge(conversation.unreadCount);
    const badge = el("span", "badge", text);
    badge.setAttribute("aria-label", label);
    badge.setAttribute("role", "img");
    side.append(badge);
  }
  node.append(avatar, who, side);
}

/** Brings the relative time shown in the rendered `node` up to date with `now`. */
export function refreshTime(node, now) {
  const time = node.querySelector("time");
  if (time) time.textContent = relativeTime(time.dateTime, now);
}

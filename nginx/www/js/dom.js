// DOM helpers shared by the page's parts. Data reaches the page only through textContent and
// attributes set one by one, never through innerHTML, so names like "<img onerror=…>" stay text.

import { safeHttpsUrl } from "./urls.js";

/** The element with id `id`. */
export const byId = (id) => document.getElementById(id);

/** A new `tag` element with class `className` and text `text` (both optional). */
export function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Shows `status` (`{ text, kind }`, see status-text.js) in the status line `node`. */
export function setStatus(node, status) {
  node.textContent = status.text || "";
  node.classList.toggle("error", status.kind === "error");
  node.classList.toggle("warning", status.kind === "warning");
}

/** Whether typing into `node` is text, not a keyboard shortcut. */
export function isEditable(node) {
  if (!node) return false;
  if (node.isContentEditable) return true;
  const tag = node.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT";
}

/** An "Open in HubSpot" link to `url` in a new tab, named after `label` for screen readers; null
 *  when `url` is not an https URL. */
export function hubSpotLink(url, label) {
  const href = safeHttpsUrl(url);
  if (!href) return null;
  const link = el("a", "hubspot-link", "Open in HubSpot");
  link.href = href;
  link.target = "_blank";
  link.rel = "noopener noreferrer";
  if (label) link.setAttribute("aria-label", `Open ${label} in HubSpot (new tab)`);
  return link;
}

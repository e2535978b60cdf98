// Which conversations the list holds as pages load and refreshes come in. Pure functions over
// arrays of conversations (the API's objects), unit-tested; list.js puts the result on the page.

/** Conversations per "Load older conversations" page. */
export const PAGE_SIZE = 50;

/** A refresh asks for at most this many: pages loaded beyond it stay as they were. */
export const MAX_REFRESH = 100;

/** The key that identifies a conversation across answers. */
export function conversationKey(conversation) {
  return String(conversation.id);
}

/** How many conversations a refresh asks for when `loaded` are shown: all of them, at least one
 *  page and at most MAX_REFRESH. */
export function refreshLimit(loaded) {
  return Math.min(MAX_REFRESH, Math.max(PAGE_SIZE, loaded));
}

/**
 * The list after a refresh that asked for `limit` conversations and got `fresh`: the fresh ones,
 * then those loaded beyond the refreshed window that the fresh answer does not already hold.
 * `keptOlder` says whether any were kept; when none were, the fresh answer's cursor is the list's.
 */
export function mergeRefresh(items, fresh, limit) {
  const freshKeys = new Set(fresh.map(conversationKey));
  const older = items.length > limit
    ? items.slice(limit).filter((item) => !freshKeys.has(conversationKey(item)))
    : [];
  return { items: fresh.concat(older), keptOlder: older.length > 0 };
}

/** The list with an older `page` appended, leaving out conversations already in it (a new message
 *  moves a conversation up between two page loads). */
export function appendPage(items, page) {
  const known = new Set(items.map(conversationKey));
  return items.concat(page.filter((item) => !known.has(conversationKey(item))));
}

/** The conversation in `items` with `contact`'s phone or mobile number, if any. */
export function conversationWith(items, contact) {
  return items.find((item) => item.phone === contact.phone || item.phone === contact.mobilePhone);
}

// The messages a thread holds as pages load, polls answer and sends are made. Pure functions over
// arrays of the API's Message objects plus the page's own not-yet-answered sends ("local"
// messages, `local: true`, keyed by their Idempotency-Key), unit-tested; thread.js shows the
// result.

/** The key that identifies a message across answers. */
export function messageKey(message) {
  return String(message.id);
}

function time(message) {
  const ms = Date.parse(message.createdAt);
  return Number.isNaN(ms) ? 0 : ms;
}

/** Thread order: oldest first by creation time, then by id; local sends after every stored one,
 *  in the order they were made. */
export function compareMessages(a, b) {
  if (Boolean(a.local) !== Boolean(b.local)) return a.local ? 1 : -1;
  if (a.local) return (a.order || 0) - (b.order || 0);
  const byTime = time(a) - time(b);
  if (byTime) return byTime;
  const idA = messageKey(a);
  const idB = messageKey(b);
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** `items` with `incoming` added: a message already held is replaced by the newer copy of it. */
export function mergeMessages(items, incoming) {
  const byKey = new Map(items.map((message) => [messageKey(message), message]));
  incoming.forEach((message) => byKey.set(messageKey(message), message));
  return Array.from(byKey.values()).sort(compareMessages);
}

/**
 * The thread after a poll answered the newest page `page` (`{ messages, before }`) while `thread`
 * (`{ messages, before }`) was shown. The thread keeps the older pages it loaded and its own
 * cursor; but when the answer shares no message with a thread that has stored messages and there
 * are older ones beyond it, more arrived than a page holds: the thread restarts from the answer
 * (and its cursor), so no gap is left between what it shows.
 */
export function mergeNewest(thread, page) {
  const stored = thread.messages.filter((message) => !message.local);
  const known = new Set(stored.map(messageKey));
  const overlaps = page.messages.some((message) => known.has(messageKey(message)));
  if (stored.length && page.messages.length && !overlaps && page.before) {
    const local = thread.messages.filter((message) => message.local);
    return { messages: mergeMessages(local, page.messages), before: page.before, restarted: true };
  }
  return { messages: mergeMessages(thread.messages, page.messages), before: thread.before, restarted: false };
}

/** The thread with an `older` page (`{ messages, before }`) added; its cursor becomes the page's. */
export function mergeOlder(thread, older) {
  return { messages: mergeMessages(thread.messages, older.messages), before: older.before };
}

/** A local message for a send of `text` under Idempotency-Key `key`, shown until the server
 *  answers; `order` keeps several in the order they were made. */
export function localMessage(key, text, order, now) {
  return {
    id: "local:" + key, local: true, localKey: key, order,
    direction: "outgoing", text, media: [], status: "sending", failure: null,
    createdAt: now.toISOString(), sentBy: null,
  };
}

/** `items` with the local message of `key` replaced by `message` (the server's answer), or
 *  removed when `message` is null. */
export function settleLocal(items, key, message) {
  const rest = items.filter((item) => !(item.local && item.localKey === key));
  return message ? mergeMessages(rest, [message]) : rest;
}

/** `items` with the local message of `key` changed by `changes` (its state after a failure or a retry). */
export function updateLocal(items, key, changes) {
  return items.map((item) => (item.local && item.localKey === key ? { ...item, ...changes } : item));
}

/** Messages in `after` that `before` did not hold and that came in (not sent from here). */
export function arrivals(before, after) {
  const known = new Set(before.map(messageKey));
  return after.filter((message) => message.direction === "incoming" && !known.has(messageKey(message)));
}

/** Stored outgoing messages whose state differs between `before` and `after`, as they are after. */
export function stateChanges(before, after) {
  const previous = new Map(before.filter((message) => !message.local).map((message) => [messageKey(message), message.status]));
  return after.filter((message) => !message.local && message.direction === "outgoing"
    && previous.has(messageKey(message)) && previous.get(messageKey(message)) !== message.status);
}

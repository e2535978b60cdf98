// What a message's delivery state reads as, and what the operator can do about it. Pure functions
// over the API's Message objects, unit-tested; message-item.js shows them.

const LABELS = {
  sending: "Sending…",
  queued: "Queued",
  sent: "Sent",
  delivered: "Delivered",
  failed: "Not sent",
  undelivered: "Not delivered",
};

const PENDING = new Set(["sending", "queued"]);

/** Reasons for failure codes that came without a message of their own. */
const REASONS = {
  openphone_unavailable: "OpenPhone is unavailable.",
  openphone_not_configured: "OpenPhone is not configured on this server.",
  invalid_number: "OpenPhone refused the number.",
  network_error: "The server could not be reached.",
};

/** Whether `failure` (a message's failure, or an API error) says OpenPhone itself was unavailable. */
export function isOpenPhoneOutage(failure) {
  return Boolean(failure && typeof failure.code === "string" && failure.code.startsWith("openphone_"));
}

/** The sentence that says why `message` failed ("" when it has no failure). */
export function failureReason(message) {
  const failure = message.failure;
  if (!failure) return message.status === "failed" || message.status === "undelivered" ? "No reason was given." : "";
  if (typeof failure.message === "string" && failure.message) return failure.message;
  return REASONS[failure.code] || `Failed (${failure.code || "unknown reason"}).`;
}

/**
 * The state shown under an outgoing message: `{ text, kind }` with kind "pending" (sending,
 * queued), "done" (sent, delivered) or "error" (failed, undelivered: the text ends with the
 * reason). Incoming messages have no state: text "".
 */
export function messageStatus(message) {
  if (message.direction !== "outgoing") return { text: "", kind: null };
  const label = LABELS[message.status] || message.status || "Unknown state";
  if (message.status === "failed" || message.status === "undelivered") {
    return { text: `${label}: ${failureReason(message)}`, kind: "error" };
  }
  return { text: label, kind: PENDING.has(message.status) ? "pending" : "done" };
}

/** Whether `message` is still on its way (its state will change: the thread keeps polling). */
export function isPending(message) {
  return message.direction === "outgoing" && PENDING.has(message.status);
}

/** Whether the operator can send `message` again: an outgoing message that failed and was sent
 *  from this inbox (by a staff user, or a send of this page that got no answer); one sent from
 *  OpenPhone's own app is retried there. */
export function canRetry(message) {
  return message.direction === "outgoing" && message.status === "failed"
    && (message.local === true || (typeof message.sentBy === "string" && message.sentBy !== ""));
}

/** Who sent an outgoing `message` and when, for the line under it ("alice", or "" when unknown). */
export function senderLabel(message) {
  return message.direction === "outgoing" && typeof message.sentBy === "string" ? message.sentBy : "";
}

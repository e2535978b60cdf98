// The sentences of the thread pane: its title, its status line, the opted-out notice and what a
// refused send says. Pure functions returning text or `{ text, kind }` (kind: null, "warning" or
// "error"), unit-tested.

import { isOpenPhoneOutage } from "./message-status.js";
import { formatPhone } from "./format.js";

/** The name a thread is titled with: the HubSpot name, else the formatted number. */
export function threadTitle(conversation) {
  const name = typeof conversation.name === "string" && conversation.name ? conversation.name : null;
  return name || formatPhone(conversation.phone) || "Unknown number";
}

/** The status line of a thread whose messages failed to load with `error`: the page retries every
 *  `retrySeconds` unless the conversation is gone (404). `shown` says whether messages are shown. */
export function threadLoadStatus(error, shown, retrySeconds) {
  if (error.status === 404) return { text: "This conversation does not exist (any more).", kind: "error" };
  return {
    text: shown
      ? `Could not refresh the messages: ${error.message} Retrying every ${retrySeconds} s.`
      : `Could not load the messages: ${error.message} Retrying every ${retrySeconds} s.`,
    kind: "error",
  };
}

/** Why the composer of `conversation` is off when its number opted out, or null when it has not. */
export function optedOutNotice(conversation) {
  if (!conversation || conversation.optedOut !== true) return null;
  return `${threadTitle(conversation)} opted out of texts (they replied STOP), so nothing can be sent to this number. ` +
    "Sending is possible again once they text START.";
}

/** The warning shown over a thread while OpenPhone is down: when the newest message sent from here
 *  failed because of OpenPhone itself. Null otherwise. */
export function outageStatus(messages) {
  const newest = [...messages].reverse().find((message) => message.direction === "outgoing" && !message.local);
  if (!newest || newest.status !== "failed" || !isOpenPhoneOutage(newest.failure)) return null;
  return {
    text: "OpenPhone is unavailable right now. Failed messages are kept here: retry them once it is back.",
    kind: "warning",
  };
}

/** What the composer says when the server refused a send with `error` (an ApiError); the text
 *  stays in the composer so nothing typed is lost. */
export function sendRefusedStatus(error) {
  if (error.code === "opted_out") return { text: "Not sent: " + error.message, kind: "error" };
  if (error.status === 503 || isOpenPhoneOutage(error)) {
    return { text: "OpenPhone is unavailable; nothing was sent. " + error.message, kind: "error" };
  }
  if (error.code === "idempotency_key_reused") {
    return { text: "Not sent: the server saw this send before with another text. Send it again. (" + error.message + ")", kind: "error" };
  }
  return { text: "Not sent: " + error.message, kind: "error" };
}

/** The status line of the composer when sending was not possible because the text is empty or too long. */
export function composeProblem(characters, maxCharacters) {
  if (characters === 0) return { text: "Type a message first.", kind: "error" };
  if (characters > maxCharacters) {
    return { text: `The message is too long: at most ${maxCharacters} characters.`, kind: "error" };
  }
  return null;
}

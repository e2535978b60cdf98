// The texts sent from this page: each send with its Idempotency-Key (send-keys.js), shown as a
// local message until the server answers, kept as "not sent" with a Retry when no answer came (the
// same key goes again, so it is sent once), and retries of stored failed messages (`retryOf`).
// Sends live here, not in the open thread, so one in flight when the operator opens another
// conversation is neither lost nor shown in the wrong place.

import { sendMessage } from "./api.js";
import { isUnanswered, SendKeys } from "./send-keys.js";
import { localMessage, updateLocal } from "./thread-merge.js";

/**
 * The outbox. Callbacks get the thread key the send belongs to ("id:7", or "to:<number>" for a
 * first text): `onChange(threadKey)` when its local messages or retries changed,
 * `onAnswered(threadKey, answer, body)` on a 202 (`answer` has `message` and `conversation`),
 * `onRefused(threadKey, error, body)` when the server answered with an error (nothing was stored).
 */
export function createOutbox({ onChange, onAnswered, onRefused }) {
  const keys = new SendKeys();
  let locals = [];              // local messages of every thread, each with `threadKey` and `body`
  let order = 0;
  const retrying = new Set();   // ids of stored messages whose retry is in flight
  const retried = new Set();    // ids of stored messages sent again as a new message

  async function post(threadKey, body, key) {
    try {
      const { body: answer } = await sendMessage(body, key);
      keys.settle(body, null);
      return { answer };
    } catch (error) {
      keys.settle(body, error);
      return { error };
    }
  }

  /** Sends `body` (`{ conversationId | to, text }`) for the thread `threadKey`, shown at once. */
  async function send(threadKey, body) {
    const key = keys.keyFor(body);
    const existing = locals.find((item) => item.localKey === key);
    if (existing) {
      locals = updateLocal(locals, key, { status: "sending", failure: null });
    } else {
      locals.push({ ...localMessage(key, body.text, ++order, new Date()), threadKey, body });
    }
    onChange(threadKey);
    const { answer, error } = await post(threadKey, body, key);
    if (answer) {
      locals = locals.filter((item) => item.localKey !== key);
      onAnswered(threadKey, answer, body);
    } else if (isUnanswered(error)) {
      locals = updateLocal(locals, key, {
        status: "failed",
        failure: { code: "network_error", message: error.message + " Retry sends it once, even if it did arrive." },
      });
    } else {
      locals = locals.filter((item) => item.localKey !== key);
      onRefused(threadKey, error, body);
    }
    onChange(threadKey);
  }

  /** Sends the stored failed `message` again, as it was (the server keeps its text and
   *  conversation, and moves the same message back to `sending`). */
  async function retryStored(threadKey, message) {
    const id = String(message.id);
    if (retrying.has(id)) return;
    const body = { retryOf: message.id };
    retrying.add(id);
    onChange(threadKey);
    const { answer, error } = await post(threadKey, body, keys.keyFor(body));
    retrying.delete(id);
    if (answer) {
      if (answer.message && String(answer.message.id) !== id) retried.add(id);
      onAnswered(threadKey, answer, body);
    } else {
      onRefused(threadKey, error, body);
    }
    onChange(threadKey);
  }

  return {
    send,
    retryStored,
    /** Sends the local message `local` (not answered before) again, with its key. */
    retryLocal(local) {
      return send(local.threadKey, local.body);
    },
    /** The local messages of `threadKey`, in the order they were made. */
    locals(threadKey) {
      return locals.filter((item) => item.threadKey === threadKey);
    },
    /** Whether a retry of the stored message `id` is in flight. */
    isRetrying(id) {
      return retrying.has(String(id));
    },
    /** Whether the stored message `id` was sent again as a new message. */
    wasRetried(id) {
      return retried.has(String(id));
    },
  };
}

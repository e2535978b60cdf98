// The client of hubspot-fcgi's JSON API. Requests are same-origin: the browser sends the operator
// credentials nginx asked for at "/inbox/". Every failure becomes an ApiError carrying the server's
// own message, so the page can show it as is.

/** A request that did not get a usable answer: the HTTP status (0 when none came), the error code
 *  and message from the JSON error body, and the form field the error is about, if any. */
export class ApiError extends Error {
  constructor(status, code, message, field) {
    super(message);
    this.status = status;
    this.code = code;
    this.field = field || null;
  }
}

/** The ApiError for a non-2xx answer with status `status` and parsed body `body` (null when the
 *  body was not JSON). A 401 says what to do: reload, so that the browser asks for the password. */
export function errorFromAnswer(status, body) {
  const error = body && body.error ? body.error : {};
  let message = typeof error.message === "string" && error.message
    ? error.message
    : `The server answered ${status}.`;
  if (status === 401) message = "Your sign-in is needed again: reload the page. (" + message + ")";
  return new ApiError(status, error.code || "http_" + status, message, error.field);
}

/** Whether `error` says HubSpot is busy or down (503, 429, 504) rather than that the request
 *  was wrong: the same request may succeed later. */
export function isUnavailable(error) {
  return error.status === 503 || error.status === 429 || error.status === 504;
}

/**
 * Sends one request and resolves to `{ status, body }` for a 2xx JSON answer. `options.body` is
 * sent as JSON; `options.headers` are added; `options.signal` aborts (the AbortError is rethrown
 * as is, so callers can tell a cancelled request from a failed one). Answers are never taken from
 * the browser's cache. Every request that is not a GET says it is JSON, even without a body: the
 * server refuses state changes that do not (its cross-site protection).
 */
async function request(path, options = {}) {
  const method = options.method || "GET";
  const init = {
    method,
    credentials: "same-origin",
    headers: { Accept: "application/json", ...(options.headers || {}) },
    signal: options.signal,
    cache: "no-store",
  };
  if (method !== "GET") init.headers["Content-Type"] = "application/json";
  if (options.body !== undefined) init.body = JSON.stringify(options.body);
  let response;
  try {
    response = await fetch(path, init);
  } catch (error) {
    if (error.name === "AbortError") throw error;
    throw new ApiError(0, "network_error", "The server could not be reached. Check the connection.");
  }
  let body = null;
  try {
    body = await response.json();
  } catch (_) {
    body = null;
  }
  if (!response.ok) throw errorFromAnswer(response.status, body);
  if (body === null) throw new ApiError(response.status, "invalid_response", "The server sent an unreadable answer.");
  return { status: response.status, body };
}

/** A page of conversations, newest first: `limit` of them, older than the cursor `before` when
 *  given. The body has `conversations` and `next` (the cursor of the following page, if any). */
export function listConversations(limit, before) {
  const query = { limit: String(limit) };
  if (before !== undefined) query.before = before;
  return request("/api/messages/conversations?" + new URLSearchParams(query));
}

/** HubSpot contacts matching `query` (name, email, company or a number in any format), at most
 *  `limit`; `signal` cancels the search when the operator has typed on. */
export function searchContacts(query, limit, signal) {
  return request("/api/contacts/search?" + new URLSearchParams({ q: query, limit: String(limit) }), { signal });
}

/** Creates a HubSpot contact from `contact` (firstName, lastName, phone, optional email and
 *  company). The answer says whether it was created (201) or already existed. */
export function createContact(contact) {
  return request("/api/contacts", { method: "POST", body: contact });
}

/** The HubSpot contact with `phone` (any format): the body has `found` and `contact`. */
export function lookupContact(phone, signal) {
  return request("/api/contacts/lookup/" + encodeURIComponent(phone), { signal });
}

/** A page of conversation `id`'s messages, oldest first: the newest `limit`, or those older than
 *  the cursor `before` when given. The body has `conversation`, `messages` and `before` (the
 *  cursor of the next older page, or null). */
export function threadPage(id, limit, before, signal) {
  const query = { limit: String(limit) };
  if (before !== undefined && before !== null) query.before = before;
  return request(`/api/messages/conversations/${encodeURIComponent(id)}/messages?` + new URLSearchParams(query), { signal });
}

/** Marks conversation `id` read; the body has the `conversation` with its unread count at 0. */
export function markRead(id) {
  return request(`/api/messages/conversations/${encodeURIComponent(id)}/read`, { method: "POST" });
}

/**
 * Sends a text: `body` is `{ conversationId | to, text, retryOf? }`, `key` its Idempotency-Key
 * (the same key for the same send retried, see send-keys.js). The 202 body has the stored
 * `message` (its state: sending, or failed with the reason) and its `conversation`.
 */
export function sendMessage(body, key) {
  return request("/api/messages", { method: "POST", body, headers: { "Idempotency-Key": key } });
}

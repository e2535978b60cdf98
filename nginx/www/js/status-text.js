// The sentences of the page's status lines: for the list, a search, a creation. Pure functions
// returning `{ text, kind }` (kind: null, "warning" or "error"), unit-tested.

import { isUnavailable } from "./api.js";
import { countOf } from "./format.js";

/** The list's status: a failed load or refresh (retried every `retrySeconds`), an empty inbox,
 *  or nothing to say. `shown` is how many conversations are on the page. */
export function listStatus(error, shown, retrySeconds) {
  if (error) {
    return {
      text: shown
        ? `Could not refresh: ${error.message} Showing what was loaded; retrying every ${retrySeconds} s.`
        : `Could not load conversations: ${error.message} Retrying every ${retrySeconds} s.`,
      kind: "error",
    };
  }
  if (shown === 0) return { text: "No conversations yet. Text messages from OpenPhone appear here.", kind: null };
  return { text: "", kind: null };
}

/** What the status line says about a query too short to search: "" for an empty one. */
export function shortQueryStatus(query) {
  return { text: query.length ? "Type at least 2 characters." : "", kind: null };
}

/**
 * The answer to the search `query`: `count` contacts, `stale` when they are saved results served
 * while HubSpot is unavailable, `more` when HubSpot has more than were shown.
 */
export function searchAnswerStatus(query, count, stale, more) {
  if (!count) {
    return {
      text: `No contacts match “${query}”.` + (stale ? " (HubSpot is unavailable; these are saved results.)" : ""),
      kind: stale ? "warning" : null,
    };
  }
  if (stale) {
    return { text: `HubSpot is unavailable: showing saved results for “${query}”, which may be out of date.`, kind: "warning" };
  }
  return {
    text: more ? `The first ${count} contacts found; type more to narrow the search.` : `${countOf(count, "contact")} found.`,
    kind: null,
  };
}

/** A search that failed with `error` (an ApiError). */
export function searchFailureStatus(error) {
  return {
    text: (isUnavailable(error) ? "HubSpot is unavailable right now: " : "Search failed: ") + error.message,
    kind: "error",
  };
}

/** A creation that failed with `error`, when the error is not about one field of the form. */
export function createFailureStatus(error) {
  let text;
  if (error.status === 403) {
    text = "Not allowed: " + error.message;
  } else if (isUnavailable(error)) {
    text = "HubSpot is unavailable right now; nothing was created. " + error.message;
  } else {
    text = "The contact was not created: " + error.message;
  }
  return { text, kind: "error" };
}

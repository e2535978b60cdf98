// Links built from data the server passes on from HubSpot. Pure functions, unit-tested.

/**
 * `url` when it is an absolute https URL (normalised by the URL parser), otherwise null: a link
 * from the data must never become "javascript:" or a relative path on this site.
 */
export function safeHttpsUrl(url) {
  if (typeof url !== "string") return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" ? parsed.href : null;
  } catch (_) {
    return null;
  }
}

/**
 * A mailto: link for `email`: everything but the "@" percent-encoded, so the address cannot add
 * headers ("?cc=", "&body=") to the message it opens.
 */
export function mailtoHref(email) {
  return "mailto:" + encodeURIComponent(email).replace(/%40/g, "@");
}

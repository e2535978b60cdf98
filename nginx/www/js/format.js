// Text the inbox shows for numbers, names, times and counts. Pure functions of their arguments
// (no DOM, no clock: callers pass `now`), so the browser unit tests can pin every case.

/**
 * A phone number as people read it: North American E.164 numbers as "(902) 555-1234", any other
 * string unchanged, anything else "".
 */
export function formatPhone(phone) {
  if (typeof phone !== "string") return "";
  const nanp = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(phone);
  if (nanp) return `(${nanp[1]}) ${nanp[2]}-${nanp[3]}`;
  return phone;
}

/**
 * The avatar's letters: the first letters of the name's first two words, upper-cased (whole code
 * points, so an emoji or accented letter is not cut in half); "#" for a number without a name,
 * "?" when there is neither.
 */
export function initials(name, phone) {
  if (name) {
    const letters = name.trim().split(/\s+/).map((part) => Array.from(part)[0] || "").join("");
    const picked = Array.from(letters).slice(0, 2).join("").toUpperCase();
    if (picked) return picked;
  }
  return phone && phone.length >= 2 ? "#" : "?";
}

/**
 * How long before `now` (a Date) the ISO time `iso` was: "just now", "5 min ago", "3 h ago",
 * "yesterday", "4 days ago", then the date in the reader's locale (with the year when it is not
 * this year). "" for a time that does not parse.
 */
export function relativeTime(iso, now) {
  const then = new Date(iso);
  if (Number.isNaN(then.getTime())) return "";
  const seconds = Math.round((now - then) / 1000);
  if (seconds < 45) return "just now";
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.round(hours / 24);
  if (days === 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  const sameYear = then.getFullYear() === now.getFullYear();
  return then.toLocaleDateString(undefined, sameYear
    ? { month: "short", day: "numeric" }
    : { year: "numeric", month: "short", day: "numeric" });
}

/** "1 contact", "2 contacts": `count` and `noun`, with an "s" unless the count is one. */
export function countOf(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/**
 * The unread badge of a conversation: its text (capped at "99+" so it keeps its size) and the
 * full count for screen readers.
 */
export function unreadBadge(count) {
  return {
    text: count > 99 ? "99+" : String(count),
    label: countOf(count, "unread message"),
  };
}

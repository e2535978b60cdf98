// nginx/www/js/format.js: phone numbers, initials, relative times, counts.

import { countOf, formatPhone, initials, relativeTime, unreadBadge } from "../www/js/format.js";
import { equal, test } from "./runner.js";

test("formatPhone shows North American numbers as (AAA) BBB-CCCC", () => {
  equal(formatPhone("+19025551234"), "(902) 555-1234");
  equal(formatPhone("+14165550133"), "(416) 555-0133");
});

test("formatPhone leaves other numbers as they are", () => {
  equal(formatPhone("+442071234567"), "+442071234567");
  equal(formatPhone("+1902555123"), "+1902555123", "nine digits after +1");
  equal(formatPhone("+190255512345"), "+190255512345", "eleven digits after +1");
  equal(formatPhone("9025551234"), "9025551234", "no country code");
  equal(formatPhone(""), "");
});

test("formatPhone answers an empty string for what is not a string", () => {
  equal(formatPhone(undefined), "");
  equal(formatPhone(null), "");
  equal(formatPhone(19025551234), "");
});

test("initials take the first letters of the first two words, upper-cased", () => {
  equal(initials("John Smith", "+19025551234"), "JS");
  equal(initials("ana maría lópez", null), "AM");
  equal(initials("  Madonna  ", null), "M");
  equal(initials("émile zola", null), "ÉZ");
});

test("initials keep whole code points", () => {
  equal(initials("😀 Smile", null), "😀S");
  equal(initials("𝒜lice 𝒷ob", null), "𝒜𝒷");
});

test("initials fall back to # for a number and ? for nothing", () => {
  equal(initials(null, "+19025551234"), "#");
  equal(initials("   ", "+19025551234"), "#");
  equal(initials("", "+1"), "#");
  equal(initials(null, "1"), "?");
  equal(initials(null, ""), "?");
  equal(initials(undefined, undefined), "?");
});

// Local times, so the cases hold in any time zone.
const now = new Date(2024, 5, 15, 12, 0, 0);
const before = (milliseconds) => new Date(now.getTime() - milliseconds).toISOString();
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

test("relativeTime: under 45 seconds is just now, also a time slightly ahead", () => {
  equal(relativeTime(before(0), now), "just now");
  equal(relativeTime(before(44 * SECOND), now), "just now");
  equal(relativeTime(before(-30 * SECOND), now), "just now");
});

test("relativeTime counts minutes, then hours, rounded", () => {
  equal(relativeTime(before(45 * SECOND), now), "1 min ago");
  equal(relativeTime(before(5 * MINUTE), now), "5 min ago");
  equal(relativeTime(before(59 * MINUTE), now), "59 min ago");
  equal(relativeTime(before(60 * MINUTE), now), "1 h ago");
  equal(relativeTime(before(89 * MINUTE), now), "1 h ago");
  equal(relativeTime(before(90 * MINUTE), now), "2 h ago");
  equal(relativeTime(before(23 * HOUR), now), "23 h ago");
});

test("relativeTime says yesterday, then days, for the week", () => {
  equal(relativeTime(before(24 * HOUR), now), "yesterday");
  equal(relativeTime(before(35 * HOUR), now), "yesterday");
  equal(relativeTime(before(36 * HOUR), now), "2 days ago");
  equal(relativeTime(before(6 * DAY), now), "6 days ago");
});

// The harness starts Chromium with --lang=en-US: dates read the American way.
test("relativeTime shows older times as a date, with the year only when it is not this one", () => {
  equal(relativeTime(new Date(2024, 5, 8, 9, 30).toISOString(), now), "Jun 8");
  equal(relativeTime(new Date(2024, 0, 2, 9, 30).toISOString(), now), "Jan 2");
  equal(relativeTime(new Date(2023, 11, 25, 9, 30).toISOString(), now), "Dec 25, 2023");
});

test("relativeTime answers an empty string for a time that does not parse", () => {
  equal(relativeTime("not a time", now), "");
  equal(relativeTime("", now), "");
});

test("countOf adds an s unless the count is one", () => {
  equal(countOf(0, "contact"), "0 contacts");
  equal(countOf(1, "contact"), "1 contact");
  equal(countOf(2, "unread message"), "2 unread messages");
});

test("unreadBadge caps its text at 99+ and keeps the full count in its label", () => {
  equal(unreadBadge(1), { text: "1", label: "1 unread message" });
  equal(unreadBadge(99), { text: "99", label: "99 unread messages" });
  equal(unreadBadge(100), { text: "99+", label: "100 unread messages" });
});

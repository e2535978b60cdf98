// nginx/www/js/conversation-pages.js: pages and refreshes of the conversation list.

import { appendPage, conversationKey, conversationWith, mergeRefresh, refreshLimit } from "../www/js/conversation-pages.js";
import { equal, test } from "./runner.js";

const conversation = (id, phone) => ({ id, phone: phone || `+1902555${String(id).padStart(4, "0")}` });
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, index) => conversation(from + index));
const ids = (items) => items.map((item) => item.id);

test("conversationKey is the id as a string", () => {
  equal(conversationKey({ id: 7 }), "7");
  equal(conversationKey({ id: "7" }), "7");
});

test("refreshLimit asks for what is shown, at least one page, at most 100", () => {
  equal([0, 10, 50, 75, 100, 150].map(refreshLimit), [50, 50, 50, 75, 100, 100]);
});

test("mergeRefresh within the window shows the fresh answer only", () => {
  const merged = mergeRefresh(range(1, 40), [conversation(99), ...range(1, 39)], 50);
  equal(ids(merged.items), [99, ...ids(range(1, 39))]);
  equal(merged.keptOlder, false);
});

test("mergeRefresh keeps pages loaded beyond the window, without the ones the answer holds", () => {
  const loaded = range(1, 120);
  const fresh = [conversation(110), ...range(1, 99)];      // 110 had a new message
  const merged = mergeRefresh(loaded, fresh, 100);
  equal(ids(merged.items), [110, ...ids(range(1, 99)), ...ids(range(101, 109)), ...ids(range(111, 120))]);
  equal(merged.keptOlder, true);
});

test("mergeRefresh keeps no older pages when the answer holds all of them", () => {
  const merged = mergeRefresh(range(1, 101), [conversation(101), ...range(1, 99)], 100);
  equal(merged.items.length, 100);
  equal(merged.keptOlder, false);
});

test("appendPage leaves out conversations already shown", () => {
  equal(ids(appendPage(range(1, 3), [conversation(3), conversation(4), conversation("2")])), [1, 2, 3, 4]);
  equal(ids(appendPage([], range(1, 2))), [1, 2]);
});

test("conversationWith finds the conversation with the contact's phone or mobile", () => {
  const items = [conversation(1, "+19025551234"), conversation(2, "+14165550133")];
  equal(conversationWith(items, { phone: "+14165550133" }).id, 2);
  equal(conversationWith(items, { phone: "+15555550000", mobilePhone: "+19025551234" }).id, 1);
  equal(conversationWith(items, { phone: "+15555550000" }), undefined);
  equal(conversationWith(items, {}), undefined);
});

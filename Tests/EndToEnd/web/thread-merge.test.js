// nginx/www/js/thread-merge.js: a thread's messages across pages, polls and sends.

import {
  arrivals, compareMessages, localMessage, mergeMessages, mergeNewest, mergeOlder, settleLocal, stateChanges, updateLocal,
} from "../www/js/thread-merge.js";
import { equal, test } from "./runner.js";

const at = (seconds) => new Date(Date.UTC(2026, 11, 5, 1, 0, seconds)).toISOString();
const message = (id, seconds, extra = {}) => ({ id: "m_" + id, direction: "incoming", text: "t" + id, status: "received", createdAt: at(seconds), ...extra });
const range = (from, to) => Array.from({ length: to - from + 1 }, (_, index) => message(from + index, from + index));
const ids = (items) => items.map((item) => item.id);

test("mergeMessages orders oldest first, whatever order the answers came in", () => {
  equal(ids(mergeMessages([message(3, 3)], [message(1, 1), message(2, 2)])), ["m_1", "m_2", "m_3"]);
});

test("mergeMessages replaces a held message with its newer copy", () => {
  const merged = mergeMessages([message(1, 1, { direction: "outgoing", status: "sending" })],
    [message(1, 1, { direction: "outgoing", status: "delivered" })]);
  equal(merged.length, 1);
  equal(merged[0].status, "delivered");
});

test("messages at the same time are ordered by id; an unreadable time counts as the oldest", () => {
  equal(ids(mergeMessages([], [message("b", 5), message("a", 5), { id: "x", createdAt: "nope" }])), ["x", "m_a", "m_b"]);
});

test("local sends come after every stored message, in the order they were made", () => {
  const now = new Date(Date.UTC(2020, 0, 1));         // a client clock far behind the server's
  const first = localMessage("k1", "first", 1, now);
  const second = localMessage("k2", "second", 2, now);
  equal(ids(mergeMessages([second, message(1, 1)], [first, message(2, 2)])), ["m_1", "m_2", "local:k1", "local:k2"]);
  equal(compareMessages(first, second) < 0, true);
});

test("localMessage is an outgoing message being sent, keyed by its Idempotency-Key", () => {
  const local = localMessage("key-1", "Hello", 3, new Date(Date.UTC(2026, 11, 5)));
  equal(local, { id: "local:key-1", local: true, localKey: "key-1", order: 3, direction: "outgoing", text: "Hello",
    media: [], status: "sending", failure: null, createdAt: "2026-12-05T00:00:00.000Z", sentBy: null });
});

test("settleLocal replaces the local send by the stored message, or removes it", () => {
  const items = [message(1, 1), localMessage("k1", "hi", 1, new Date()), localMessage("k2", "yo", 2, new Date())];
  const stored = message(9, 9, { direction: "outgoing", status: "sending", text: "hi" });
  equal(ids(settleLocal(items, "k1", stored)), ["m_1", "m_9", "local:k2"]);
  equal(ids(settleLocal(items, "k2", null)), ["m_1", "local:k1"]);
});

test("updateLocal changes only the local send of that key", () => {
  const items = [localMessage("k1", "hi", 1, new Date()), localMessage("k2", "yo", 2, new Date())];
  const updated = updateLocal(items, "k2", { status: "failed" });
  equal(updated.map((item) => item.status), ["sending", "failed"]);
});

test("mergeNewest keeps older pages and the thread's own cursor", () => {
  const thread = { messages: range(1, 60), before: "cursor-older" };
  const page = { messages: range(12, 61), before: "cursor-of-this-page" };
  const merged = mergeNewest(thread, page);
  equal(ids(merged.messages), ids(range(1, 61)));
  equal(merged.before, "cursor-older");
  equal(merged.restarted, false);
});

test("mergeNewest takes new states of messages it holds", () => {
  const sent = message(5, 5, { direction: "outgoing", status: "sent" });
  const merged = mergeNewest({ messages: [message(4, 4), sent], before: null },
    { messages: [message(4, 4), { ...sent, status: "delivered" }], before: null });
  equal(merged.messages.map((item) => item.status), ["received", "delivered"]);
});

test("mergeNewest restarts from the answer when more came than a page holds (no gap is shown)", () => {
  const local = localMessage("k1", "pending", 1, new Date());
  const thread = { messages: [...range(1, 50), local], before: null };
  const page = { messages: range(200, 249), before: "cursor-200" };
  const merged = mergeNewest(thread, page);
  equal(ids(merged.messages), [...ids(range(200, 249)), "local:k1"]);
  equal(merged.before, "cursor-200");
  equal(merged.restarted, true);
});

test("mergeNewest of a thread that was empty, or of a whole conversation, is a plain merge", () => {
  equal(mergeNewest({ messages: [], before: null }, { messages: range(1, 3), before: "c" }).restarted, false);
  // No overlap but nothing older either: the answer is the whole conversation.
  equal(ids(mergeNewest({ messages: range(1, 2), before: null }, { messages: range(3, 4), before: null }).messages),
    ids(range(1, 4)));
});

test("mergeOlder adds the older page above and takes its cursor", () => {
  const merged = mergeOlder({ messages: range(51, 100) }, { messages: range(1, 50), before: null });
  equal(ids(merged.messages), ids(range(1, 100)));
  equal(merged.before, null);
});

test("arrivals: incoming messages not held before", () => {
  const before = range(1, 2);
  const after = [...before, message(3, 3), message(4, 4, { direction: "outgoing" })];
  equal(ids(arrivals(before, after)), ["m_3"]);
  equal(arrivals(after, after), []);
});

test("stateChanges: stored outgoing messages whose state moved", () => {
  const sending = message(1, 1, { direction: "outgoing", status: "sending" });
  const sent = message(2, 2, { direction: "outgoing", status: "sent" });
  const after = [{ ...sending, status: "delivered" }, sent, message(3, 3, { direction: "outgoing", status: "sent" })];
  equal(ids(stateChanges([sending, sent], after)), ["m_1"]);
});

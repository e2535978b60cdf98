// nginx/www/js/send-keys.js: one Idempotency-Key per composed message, reused only for the same
// request sent again after it got no answer.

import { ApiError } from "../www/js/api.js";
import { isUnanswered, SendKeys } from "../www/js/send-keys.js";
import { equal, test } from "./runner.js";

const counter = () => {
  let next = 0;
  return () => `key-${++next}`;
};
const noAnswer = new ApiError(0, "network_error", "The server could not be reached.");

test("every message composed gets a new key", () => {
  const keys = new SendKeys(counter());
  const first = { conversationId: 7, text: "Hello" };
  equal(keys.keyFor(first), "key-1");
  keys.settle(first, null);
  equal(keys.keyFor({ conversationId: 7, text: "Second" }), "key-2");
});

test("the same text sent again after an answer is a new message with a new key", () => {
  const keys = new SendKeys(counter());
  const body = { conversationId: 7, text: "ok" };
  equal(keys.keyFor(body), "key-1");
  keys.settle(body, null);
  equal(keys.keyFor(body), "key-2");
});

test("a send that got no answer is retried with the same key", () => {
  const keys = new SendKeys(counter());
  const body = { conversationId: 7, text: "Hello" };
  equal(keys.keyFor(body), "key-1");
  keys.settle(body, noAnswer);
  equal(keys.keyFor({ text: "Hello", conversationId: 7 }), "key-1", "members in another order are the same request");
  keys.settle(body, new ApiError(504, "http_504", "Gateway timeout."));
  equal(keys.keyFor(body), "key-1");
  keys.settle(body, null);
  equal(keys.keyFor(body), "key-2");
});

test("a refusal is an answer: the key is not kept", () => {
  const keys = new SendKeys(counter());
  const body = { conversationId: 7, text: "Hello" };
  keys.keyFor(body);
  keys.settle(body, new ApiError(409, "opted_out", "The number opted out."));
  equal(keys.keyFor(body), "key-2");
});

test("a double click while the first send is in flight reuses its key", () => {
  const keys = new SendKeys(counter());
  const body = { to: "+19025551234", text: "Hi" };
  equal([keys.keyFor(body), keys.keyFor(body)], ["key-1", "key-1"]);
});

test("unanswered sends of different messages keep their own keys", () => {
  const keys = new SendKeys(counter());
  const first = { conversationId: 7, text: "one" };
  const second = { conversationId: 7, text: "two" };
  const retry = { conversationId: 7, text: "one", retryOf: "m_1" };
  equal([keys.keyFor(first), keys.keyFor(second), keys.keyFor(retry)], ["key-1", "key-2", "key-3"]);
  keys.settle(first, noAnswer);
  keys.settle(second, noAnswer);
  equal([keys.keyFor(second), keys.keyFor(first)], ["key-2", "key-1"]);
});

test("isUnanswered: no answer, or a gateway's 502/504", () => {
  equal([0, 502, 504].map((status) => isUnanswered({ status })), [true, true, true]);
  equal([400, 409, 500, 503].map((status) => isUnanswered({ status })), [false, false, false, false]);
});

test("the default keys are random UUIDs", () => {
  const keys = new SendKeys();
  const key = keys.keyFor({ text: "a" });
  equal(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(key), true, key);
  equal(keys.keyFor({ text: "b" }) !== key, true);
});

// nginx/www/js/api.js: the errors made of the server's answers (no request is sent here).

import { ApiError, errorFromAnswer, isUnavailable } from "../www/js/api.js";
import { equal, test } from "./runner.js";

test("errorFromAnswer carries the JSON error's status, code, message and field", () => {
  const error = errorFromAnswer(400, { error: { code: "invalid_phone", message: "Not a phone number.", field: "phone" } });
  equal(error instanceof ApiError && error instanceof Error, true, "an ApiError");
  equal([error.status, error.code, error.message, error.field], [400, "invalid_phone", "Not a phone number.", "phone"]);
});

test("errorFromAnswer without a field has field null", () => {
  equal(errorFromAnswer(404, { error: { code: "not_found", message: "No such page." } }).field, null);
});

test("errorFromAnswer says the status when the body has no message", () => {
  for (const body of [null, {}, { error: {} }, { error: { message: "" } }, { error: { message: 7 } }]) {
    const error = errorFromAnswer(502, body);
    equal([error.code, error.message], ["http_502", "The server answered 502."], JSON.stringify(body));
  }
});

test("errorFromAnswer asks to reload the page after a 401", () => {
  const error = errorFromAnswer(401, { error: { code: "unauthorized", message: "Authentication required." } });
  equal(error.message, "Your sign-in is needed again: reload the page. (Authentication required.)");
  equal(error.code, "unauthorized");
});

test("isUnavailable: 503, 429 and 504 only", () => {
  equal([503, 429, 504].map((status) => isUnavailable({ status })), [true, true, true]);
  equal([0, 400, 403, 404, 500, 502].map((status) => isUnavailable({ status })), [false, false, false, false, false, false]);
  equal(isUnavailable(new Error("a bug")), false);
});

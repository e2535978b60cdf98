// nginx/www/js/message-status.js: what each delivery state reads as, and what can be retried.

import { canRetry, failureReason, isOpenPhoneOutage, isPending, messageStatus, senderLabel } from "../www/js/message-status.js";
import { equal, test } from "./runner.js";

const outgoing = (status, failure = null) => ({ id: "m_1", direction: "outgoing", text: "Hi", status, failure, sentBy: "alice" });

test("messageStatus of outgoing messages: pending, done and failed states", () => {
  equal(messageStatus(outgoing("sending")), { text: "Sending…", kind: "pending" });
  equal(messageStatus(outgoing("queued")), { text: "Queued", kind: "pending" });
  equal(messageStatus(outgoing("sent")), { text: "Sent", kind: "done" });
  equal(messageStatus(outgoing("delivered")), { text: "Delivered", kind: "done" });
});

test("messageStatus of a failed message ends with the failure's own reason", () => {
  const failure = { code: "openphone_unavailable", message: "OpenPhone answered 503." };
  equal(messageStatus(outgoing("failed", failure)), { text: "Not sent: OpenPhone answered 503.", kind: "error" });
  equal(messageStatus(outgoing("undelivered", { code: "carrier", message: "The carrier refused it." })),
    { text: "Not delivered: The carrier refused it.", kind: "error" });
});

test("failureReason falls back to the code's sentence, then the code, then a plain sentence", () => {
  equal(failureReason(outgoing("failed", { code: "openphone_unavailable" })), "OpenPhone is unavailable.");
  equal(failureReason(outgoing("failed", { code: "invalid_number", message: "" })), "OpenPhone refused the number.");
  equal(failureReason(outgoing("failed", { code: "something_new" })), "Failed (something_new).");
  equal(failureReason(outgoing("failed", null)), "No reason was given.");
  equal(failureReason(outgoing("delivered", null)), "");
});

test("incoming messages have no delivery state", () => {
  equal(messageStatus({ direction: "incoming", status: "received" }), { text: "", kind: null });
});

test("an unknown state is shown as the server says it", () => {
  equal(messageStatus(outgoing("scheduled")), { text: "scheduled", kind: "done" });
});

test("only failed outgoing messages sent from this inbox can be retried", () => {
  equal(canRetry(outgoing("failed")), true);
  equal(canRetry({ ...outgoing("failed"), sentBy: null }), false, "sent from OpenPhone's app");
  equal(canRetry({ ...outgoing("failed"), sentBy: null, local: true }), true, "this page's send that got no answer");
  equal(["sending", "queued", "sent", "delivered", "undelivered"].map((status) => canRetry(outgoing(status))),
    [false, false, false, false, false]);
  equal(canRetry({ direction: "incoming", status: "failed" }), false);
});

test("isPending: sending and queued outgoing messages", () => {
  equal(["sending", "queued", "sent", "delivered", "failed"].map((status) => isPending(outgoing(status))),
    [true, true, false, false, false]);
  equal(isPending({ direction: "incoming", status: "sending" }), false);
});

test("isOpenPhoneOutage: openphone_* codes only", () => {
  equal(isOpenPhoneOutage({ code: "openphone_unavailable" }), true);
  equal(isOpenPhoneOutage({ code: "openphone_not_configured" }), true);
  equal(isOpenPhoneOutage({ code: "invalid_number" }), false);
  equal(isOpenPhoneOutage(null), false);
  equal(isOpenPhoneOutage({}), false);
});

test("senderLabel: the staff user of outgoing messages only", () => {
  equal(senderLabel(outgoing("sent")), "alice");
  equal(senderLabel({ ...outgoing("sent"), sentBy: null }), "");
  equal(senderLabel({ direction: "incoming", sentBy: "alice" }), "");
});

// nginx/www/js/thread-text.js: the thread pane's title, status lines and notices.

import { ApiError } from "../www/js/api.js";
import {
  composeProblem, optedOutNotice, outageStatus, sendRefusedStatus, threadLoadStatus, threadTitle,
} from "../www/js/thread-text.js";
import { equal, test } from "./runner.js";

const failed = (code, extra = {}) => ({ id: "m_9", direction: "outgoing", status: "failed", failure: { code, message: "x" }, ...extra });

test("threadTitle: the name, else the formatted number", () => {
  equal(threadTitle({ name: "John Smith", phone: "+19025551234" }), "John Smith");
  equal(threadTitle({ name: null, phone: "+19025551234" }), "(902) 555-1234");
  equal(threadTitle({ name: "", phone: "+442071234567" }), "+442071234567");
  equal(threadTitle({}), "Unknown number");
});

test("threadLoadStatus: a missing conversation is final, other failures are retried", () => {
  equal(threadLoadStatus(new ApiError(404, "conversation_not_found", "No such conversation."), false, 3),
    { text: "This conversation does not exist (any more).", kind: "error" });
  equal(threadLoadStatus(new ApiError(0, "network_error", "Offline."), false, 3),
    { text: "Could not load the messages: Offline. Retrying every 3 s.", kind: "error" });
  equal(threadLoadStatus(new ApiError(502, "http_502", "Bad gateway."), true, 3),
    { text: "Could not refresh the messages: Bad gateway. Retrying every 3 s.", kind: "error" });
});

test("optedOutNotice explains an opted-out number, says nothing otherwise", () => {
  equal(optedOutNotice({ name: "John Smith", phone: "+19025551234", optedOut: true }),
    "John Smith opted out of texts (they replied STOP), so nothing can be sent to this number. Sending is possible again once they text START.");
  equal(optedOutNotice({ name: "John Smith", optedOut: false }), null);
  equal(optedOutNotice({ name: "John Smith" }), null);
  equal(optedOutNotice(null), null);
});

test("outageStatus: when the newest message sent failed because of OpenPhone", () => {
  const received = { id: "m_1", direction: "incoming", status: "received" };
  equal(outageStatus([received, failed("openphone_unavailable")]).kind, "warning");
  equal(outageStatus([received, failed("invalid_number")]), null, "not an outage");
  equal(outageStatus([failed("openphone_unavailable"), { id: "m_10", direction: "outgoing", status: "delivered" }]), null,
    "a later message went out: OpenPhone is back");
  equal(outageStatus([failed("openphone_unavailable"), { id: "local:k", local: true, direction: "outgoing", status: "sending" }]).kind,
    "warning", "a send not answered yet says nothing about OpenPhone");
  equal(outageStatus([]), null);
});

test("sendRefusedStatus: opted out, OpenPhone unavailable, a reused key, anything else", () => {
  equal(sendRefusedStatus(new ApiError(409, "opted_out", "This number texted STOP.")),
    { text: "Not sent: This number texted STOP.", kind: "error" });
  equal(sendRefusedStatus(new ApiError(503, "openphone_not_configured", "No OpenPhone API key.")),
    { text: "OpenPhone is unavailable; nothing was sent. No OpenPhone API key.", kind: "error" });
  equal(sendRefusedStatus(new ApiError(409, "idempotency_key_reused", "Key reused.")).text.startsWith("Not sent: the server saw"), true);
  equal(sendRefusedStatus(new ApiError(400, "invalid_phone", "Not a phone number.")),
    { text: "Not sent: Not a phone number.", kind: "error" });
});

test("composeProblem: an empty or too long text", () => {
  equal(composeProblem(0, 1600), { text: "Type a message first.", kind: "error" });
  equal(composeProblem(1601, 1600), { text: "The message is too long: at most 1600 characters.", kind: "error" });
  equal(composeProblem(1600, 1600), null);
  equal(composeProblem(1, 1600), null);
});

// nginx/www/js/status-text.js: what the status lines say.

import { ApiError } from "../www/js/api.js";
import { createFailureStatus, listStatus, searchAnswerStatus, searchFailureStatus, shortQueryStatus } from "../www/js/status-text.js";
import { equal, test } from "./runner.js";

const failure = (status) => new ApiError(status, "code", "The reason.");

test("listStatus: an empty inbox says where conversations come from", () => {
  equal(listStatus(null, 0, 15), { text: "No conversations yet. Text messages from OpenPhone appear here.", kind: null });
  equal(listStatus(null, 3, 15), { text: "", kind: null });
});

test("listStatus: a failure says whether what is shown is kept, and the retry period", () => {
  equal(listStatus(failure(502), 0, 15),
    { text: "Could not load conversations: The reason. Retrying every 15 s.", kind: "error" });
  equal(listStatus(failure(502), 4, 15),
    { text: "Could not refresh: The reason. Showing what was loaded; retrying every 15 s.", kind: "error" });
});

test("shortQueryStatus asks for 2 characters, says nothing for none", () => {
  equal(shortQueryStatus("z"), { text: "Type at least 2 characters.", kind: null });
  equal(shortQueryStatus(""), { text: "", kind: null });
});

test("searchAnswerStatus counts the contacts found", () => {
  equal(searchAnswerStatus("smi", 1, false, false), { text: "1 contact found.", kind: null });
  equal(searchAnswerStatus("smi", 2, false, false), { text: "2 contacts found.", kind: null });
  equal(searchAnswerStatus("sm", 20, false, true),
    { text: "The first 20 contacts found; type more to narrow the search.", kind: null });
});

test("searchAnswerStatus says when nobody matches", () => {
  equal(searchAnswerStatus("zzqxv", 0, false, false), { text: "No contacts match “zzqxv”.", kind: null });
  equal(searchAnswerStatus("zzqxv", 0, true, false),
    { text: "No contacts match “zzqxv”. (HubSpot is unavailable; these are saved results.)", kind: "warning" });
});

test("searchAnswerStatus warns that saved results may be out of date", () => {
  equal(searchAnswerStatus("Walsh", 3, true, true),
    { text: "HubSpot is unavailable: showing saved results for “Walsh”, which may be out of date.", kind: "warning" });
});

test("searchFailureStatus tells HubSpot being unavailable from other failures", () => {
  equal(searchFailureStatus(failure(503)), { text: "HubSpot is unavailable right now: The reason.", kind: "error" });
  equal(searchFailureStatus(failure(429)).text, "HubSpot is unavailable right now: The reason.");
  equal(searchFailureStatus(failure(400)), { text: "Search failed: The reason.", kind: "error" });
  equal(searchFailureStatus(failure(0)).text, "Search failed: The reason.");
});

test("createFailureStatus: not allowed, HubSpot unavailable, or not created", () => {
  equal(createFailureStatus(failure(403)), { text: "Not allowed: The reason.", kind: "error" });
  equal(createFailureStatus(failure(504)),
    { text: "HubSpot is unavailable right now; nothing was created. The reason.", kind: "error" });
  equal(createFailureStatus(failure(500)), { text: "The contact was not created: The reason.", kind: "error" });
  equal(createFailureStatus(failure(400)).text, "The contact was not created: The reason.");
});

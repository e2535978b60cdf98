// Loads every test module, runs the tests and publishes the results: on window.unitTestResults for
// test_web_units.py, and as a list on the page for a person looking at it. "?canary" adds one test
// whose expectation is wrong on purpose, to show that a failure is reported.

import { beginSuite, run } from "./runner.js";

const SUITES = [
  "format.test.js",
  "urls.test.js",
  "api.test.js",
  "conversation-pages.test.js",
  "contact-draft.test.js",
  "status-text.test.js",
  "sms-segments.test.js",
  "message-status.test.js",
  "thread-merge.test.js",
  "send-keys.test.js",
  "thread-text.test.js",
];

const suites = new URLSearchParams(location.search).has("canary") ? [...SUITES, "canary.test.js"] : SUITES;
const loadFailures = [];
for (const file of suites) {
  beginSuite(file);
  try {
    await import("./" + file);
  } catch (error) {
    loadFailures.push({ suite: file, name: "(module load)", message: String(error) });
  }
}
const results = await run(loadFailures);

const summary = document.getElementById("summary");
summary.textContent = `${results.passed} of ${results.total} passed, ${results.failed.length} failed`;
const list = document.getElementById("failures");
for (const failure of results.failed) {
  const item = document.createElement("li");
  item.textContent = `${failure.suite} — ${failure.name}: ${failure.message}`;
  list.append(item);
}
window.unitTestResults = results;

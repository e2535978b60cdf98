// A small test runner for the inbox page's pure modules (nginx/www/js), run in headless Chromium by
// test_web_units.py. Test modules call `test(name, body)` while they load; `run()` then runs every
// test and answers the counts and failures the pytest asserts on.

const tests = [];
let suite = "";

/** Names the module whose tests are registered next (the file being imported). */
export function beginSuite(name) {
  suite = name;
}

/** Registers a test: `body` throws (or returns a promise that rejects) when it fails. */
export function test(name, body) {
  tests.push({ suite, name, body });
}

function show(value) {
  return typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
}

function deepEqual(a, b) {
  if (Object.is(a, b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return keysA.length === keysB.length && keysA.every((key) => Object.hasOwn(b, key) && deepEqual(a[key], b[key]));
}

/** Fails unless `actual` equals `expected` (same primitive, or arrays/objects with equal members). */
export function equal(actual, expected, note) {
  if (!deepEqual(actual, expected)) {
    throw new Error(`${note ? note + ": " : ""}expected ${show(expected)}, got ${show(actual)}`);
  }
}

/**
 * Runs the registered tests in order. Answers `{ total, passed, failed: [{ suite, name, message }],
 * suites: { name: count } }`; `loadFailures` (modules that did not load) count as failures.
 */
export async function run(loadFailures = []) {
  const results = { total: 0, passed: 0, failed: [...loadFailures], suites: {} };
  for (const { suite: name, body, name: testName } of tests) {
    results.total += 1;
    results.suites[name] = (results.suites[name] || 0) + 1;
    try {
      await body();
      results.passed += 1;
    } catch (error) {
      results.failed.push({ suite: name, name: testName, message: String(error && error.message || error) });
    }
  }
  return results;
}

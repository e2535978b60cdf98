// A test whose expectation is wrong on purpose, loaded only by "unit-tests.html?canary":
// test_web_units.py checks that the run reports it as failed, with both values.

import { formatPhone } from "../www/js/format.js";
import { equal, test } from "./runner.js";

test("a wrong expectation fails", () => {
  equal(formatPhone("+19025551234"), "902-555-1234");
});

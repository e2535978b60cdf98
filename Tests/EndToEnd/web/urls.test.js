// nginx/www/js/urls.js: which links from the data become links.

import { mailtoHref, safeHttpsUrl } from "../www/js/urls.js";
import { equal, test } from "./runner.js";

test("safeHttpsUrl keeps absolute https URLs, normalised", () => {
  equal(safeHttpsUrl("https://app.hubspot.com/contacts/4242/record/0-1/1001"),
    "https://app.hubspot.com/contacts/4242/record/0-1/1001");
  equal(safeHttpsUrl("HTTPS://APP.HUBSPOT.COM/contacts"), "https://app.hubspot.com/contacts");
});

test("safeHttpsUrl refuses every other scheme, relative URLs and non-strings", () => {
  equal(safeHttpsUrl("javascript:alert(1)"), null);
  equal(safeHttpsUrl(" javascript:alert(1)"), null);
  equal(safeHttpsUrl("http://app.hubspot.com/contacts"), null);
  equal(safeHttpsUrl("data:text/html,<b>x</b>"), null);
  equal(safeHttpsUrl("/inbox/"), null);
  equal(safeHttpsUrl("//evil.example/"), null);
  equal(safeHttpsUrl(""), null);
  equal(safeHttpsUrl(null), null);
  equal(safeHttpsUrl({ href: "https://x.example/" }), null);
});

test("mailtoHref keeps the @ and encodes what could add headers", () => {
  equal(mailtoHref("john.smith@harbourview-dental.example"), "mailto:john.smith@harbourview-dental.example");
  equal(mailtoHref("a+b@example.com"), "mailto:a%2Bb@example.com");
  equal(mailtoHref("x@example.com?cc=y@example.com&body=hi"), "mailto:x@example.com%3Fcc%3Dy@example.com%26body%3Dhi");
});

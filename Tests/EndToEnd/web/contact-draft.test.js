// nginx/www/js/contact-draft.js: pre-filling, required fields and the body of a new contact.

import { contactRequest, firstMissingField, prefillFromQuery } from "../www/js/contact-draft.js";
import { equal, test } from "./runner.js";

test("prefillFromQuery: an address with @ is the email", () => {
  equal(prefillFromQuery(" zed@example.com "), { email: "zed@example.com" });
});

test("prefillFromQuery: phone characters with 7 digits or more are the phone", () => {
  equal(prefillFromQuery("902 555 7001"), { phone: "902 555 7001" });
  equal(prefillFromQuery("+1 (902) 555-7001 x12"), { phone: "+1 (902) 555-7001 x12" });
  equal(prefillFromQuery("555-7001"), { phone: "555-7001" });
});

test("prefillFromQuery: anything else is a name, first word then the rest", () => {
  equal(prefillFromQuery("Zed Quillfeather"), { firstName: "Zed", lastName: "Quillfeather" });
  equal(prefillFromQuery("Mary  Ann Smith"), { firstName: "Mary", lastName: "Ann Smith" });
  equal(prefillFromQuery("Cher"), { firstName: "Cher", lastName: "" });
  equal(prefillFromQuery("555-12"), { firstName: "555-12", lastName: "" }, "too few digits for a number");
  equal(prefillFromQuery("Suite 4B 902 555"), { firstName: "Suite", lastName: "4B 902 555" });
});

test("prefillFromQuery: an empty query fills nothing", () => {
  equal(prefillFromQuery(""), {});
  equal(prefillFromQuery("   "), {});
});

const complete = { firstName: "Zed", lastName: "Quillfeather", phone: "902 555 7001", email: "", company: "" };

test("firstMissingField names the first empty required field and what to enter", () => {
  equal(firstMissingField(complete), null);
  equal(firstMissingField({ ...complete, lastName: "", phone: "" }), { field: "lastName", message: "Enter a last name." });
  equal(firstMissingField({ ...complete, firstName: "" }), { field: "firstName", message: "Enter a first name." });
  equal(firstMissingField({ ...complete, phone: "" }), { field: "phone", message: "Enter a phone number." });
});

test("firstMissingField does not require email or company", () => {
  equal(firstMissingField({ firstName: "A", lastName: "B", phone: "1" }), null);
});

test("contactRequest sends the optional fields only when given", () => {
  equal(contactRequest(complete), { firstName: "Zed", lastName: "Quillfeather", phone: "902 555 7001" });
  equal(contactRequest({ ...complete, email: "zed@example.com", company: "Quill & Ink" }),
    { firstName: "Zed", lastName: "Quillfeather", phone: "902 555 7001", email: "zed@example.com", company: "Quill & Ink" });
});

// A new HubSpot contact as the operator types it: what a search query pre-fills, which required
// field is missing, and the body sent to the API. Pure functions, unit-tested; create-form.js
// reads and writes the form.

/** The form's fields, in the order they appear. */
export const CONTACT_FIELDS = ["firstName", "lastName", "phone", "email", "company"];

const REQUIRED = [
  { field: "firstName", message: "Enter a first name." },
  { field: "lastName", message: "Enter a last name." },
  { field: "phone", message: "Enter a phone number." },
];

/**
 * The fields a search that found nobody pre-fills: an address with "@" is the email, text made of
 * phone characters with at least 7 digits is the phone, anything else a name (first word, rest).
 */
export function prefillFromQuery(raw) {
  const query = raw.trim();
  if (!query) return {};
  if (/@/.test(query)) return { email: query };
  if (/^[\d\s().+\-#x]+$/i.test(query) && query.replace(/\D/g, "").length >= 7) return { phone: query };
  const parts = query.split(/\s+/);
  return { firstName: parts.shift() || "", lastName: parts.join(" ") };
}

/** The first required field `values` leaves empty, with the sentence to show under it, or null. */
export function firstMissingField(values) {
  return REQUIRED.find(({ field }) => !values[field]) || null;
}

/** The POST /api/contacts body for `values` (trimmed field texts): optional fields only when given. */
export function contactRequest(values) {
  const body = { firstName: values.firstName, lastName: values.lastName, phone: values.phone };
  if (values.email) body.email = values.email;
  if (values.company) body.company = values.company;
  return body;
}

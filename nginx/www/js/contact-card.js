// One HubSpot contact as a card: name, numbers, email, company and its HubSpot link. Used by the
// search results and by the create form's result.

import { el, hubSpotLink } from "./dom.js";
import { formatPhone } from "./format.js";
import { mailtoHref } from "./urls.js";

/**
 * Appends `contact`'s name and details to `container`; `stale` marks results saved while HubSpot
 * was unavailable. Returns the card's actions row (holding the HubSpot link, if any; the caller
 * adds its own buttons and appends it) and the label that names the contact in those buttons.
 */
export function contactCard(contact, stale, container) {
  const label = contact.name || formatPhone(contact.phone) || contact.email || "Contact " + contact.id;
  const heading = el("p", "name", contact.name || "(no name in HubSpot)");
  if (stale) {
    heading.append(" ");
    heading.append(el("span", "tag", "saved"));
  }
  container.append(heading);
  const details = el("dl");
  const add = (term, value, href) => {
    if (!value) return;
    details.append(el("dt", null, term));
    const dd = el("dd");
    if (href) {
      const link = el("a", null, value);
      link.href = href;
      dd.append(link);
    } else {
      dd.textContent = value;
    }
    details.append(dd);
  };
  add("Phone", formatPhone(contact.phone));
  add("Mobile", formatPhone(contact.mobilePhone));
  add("Email", contact.email, contact.email ? mailtoHref(contact.email) : null);
  add("Company", contact.company);
  if (details.childElementCount) container.append(details);
  const actions = el("div", "contact-actions");
  const link = hubSpotLink(contact.hubspotUrl, label);
  if (link) actions.append(link);
  return { actions, label };
}

import Base
import HubSpot
import MessageStore
import PhoneNumbers

/// Creates a HubSpot contact for a number whose messages wait in the outbox and that HubSpot
/// confirmed it does not have (`HUBSPOT_LOG_CREATE_CONTACTS=1`; off by default: in many portals
/// every contact created becomes a billable marketing contact). The contact gets the number
/// alone; its conversations are linked to it, so their messages are logged.
struct ContactCreator: Sendable {
    let store: MessageStore
    let directory: ContactDirectory
    /// Numbers created per round, so a backlog of strangers never takes the outbox's budget.
    let perRound = 10

    /// - Returns: how many contacts were created (or found, when HubSpot had one after all).
    func createWaiting() throws(MessageStoreError) -> Int {
        var made = 0
        for customer in try store.customersWaitingForContact(limit: perRound) {
            let contact: Contact
            do {
                contact = try directory.create(properties: [("phone", customer.rawValue)])
            } catch where error.kind == .alreadyExists {
                guard let existing = try? directory.existing(after: error, email: nil) else { continue }
                contact = existing
            } catch {
                Log.warning("outbox_contact_not_created", ["error": error.code])
                return made
            }
            let numbers = [contact.phone, contact.mobilePhone].compactMap { $0.flatMap { E164Number($0) } }
            try store.applyHubSpotContact(HubSpotContactState(
                contactID: contact.id, name: contact.name.flatMap { PersonName($0) }, company: contact.company,
                companyID: contact.companyID, numbers: numbers.contains(customer) ? numbers : numbers + [customer]))
            Log.info("outbox_contact_created", ["contact": contact.id])
            made += 1
        }
        return made
    }
}

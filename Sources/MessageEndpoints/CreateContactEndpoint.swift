import Base
import ContactEndpoints
import FastCGI
import HubSpot
import JSON
import MessageStore
import Messages
import PhoneNumbers

/// `POST /api/contacts` (operator realm): two-way sync, create a HubSpot contact for a customer.
///
/// HubSpot is searched first — a contact with that number, or with that email as its primary or
/// a secondary (`hs_additional_emails`) email → 200 `{"created":false,"contact":…}`; otherwise it
/// is created → 201 `{"created":true,"contact":…}`. HubSpot refusing the create as a duplicate
/// (409 `Existing ID`, or 400 VALIDATION_ERROR naming the record — its search index lagged, or
/// the email is another contact's secondary one) is the existing contact too: the one HubSpot
/// named, else the one holding the email. Either way the shared cache gets the contact under
/// the number (the next lookup is a hit despite HubSpot's index lag) and every conversation with
/// that number is named at once. A missing `crm.objects.contacts.write` scope → 403 naming it.
/// One audit line per call, with the operator's user name.
public struct CreateContactEndpoint: Sendable {
    public static let path = "/api/contacts"

    let services: MessagesServices

    public init(services: MessagesServices) { self.services = services }

    public func register(in router: inout Router) {
        router.post(Self.path, maxBodyBytes: 8 * 1024) { routed in try handle(routed.request) }
    }

    func handle(_ request: Request) throws -> Response {
        let started = MonotonicTime.now()
        let hubspot = services.hubspot
        let input: NewContact
        do {
            input = try NewContact(json: request.body, region: hubspot.configuration.defaultRegion)
        } catch {
            audit(request, subject: [:], result: "bad_request", since: started)
            throw error
        }
        let subject: JSONObject = ["phone": .string(input.phone.e164)]
        let (contact, created): (Contact, Bool)
        do {
            (contact, created) = try findOrCreate(input)
        } catch {
            audit(request, subject: subject, result: error.code, since: started)
            if error.kind == .missingScopes {
                throw HTTPError(.forbidden, code: error.code,
                                message: "HubSpot refused to create the contact: \(error.message).",
                                details: ["scopes": .array(error.scopes.map { .string($0) })])
            }
            throw error.httpError
        }
        remember(contact, number: input.phone)
        var done = subject
        done["contactId"] = .string(contact.id)
        audit(request, subject: done, result: created ? "created" : "existing", since: started)
        return Response(status: created ? .created : .ok, headers: .noStore,
                        json: ["created": .bool(created), "contact": contact.json])
    }

    private func findOrCreate(_ input: NewContact) throws(HubSpotError) -> (Contact, Bool) {
        let directory = services.hubspot.directory
        if let existing = try directory.lookup(input.phone) { return (existing, false) }
        if let email = input.email, let existing = try directory.lookup(email: email) { return (existing, false) }
        do {
            return (try directory.create(properties: input.properties), true)
        } catch where error.kind == .alreadyExists {
            guard let existing = try directory.existing(after: error, email: input.email) else { throw error }
            return (existing, false)
        }
    }

    /// The cache entry a lookup of the number will hit, and the name in every conversation with it
    /// — only when the contact has the number: one found by its email may hold another number,
    /// and must not answer for this one.
    private func remember(_ contact: Contact, number: PhoneNumber) {
        guard contact.phone == number.e164 || contact.mobilePhone == number.e164 else { return }
        services.hubspot.cache.store(LookupAnswer(contact), forPhone: number.e164)
        guard let customer = E164Number(number.e164), let name = contact.name.flatMap({ PersonName($0) }) else { return }
        do {
            _ = try services.store.setName(name, company: contact.company, hubspotContactID: contact.id,
                                       source: .hubspot, forCustomer: customer)
        } catch {
            Log.warning("contact_name_not_stored", ["error": error.description])
        }
    }

    private func audit(_ request: Request, subject: JSONObject, result: String, since started: MonotonicTime) {
        services.hubspot.audit.record(.init(endpoint: "create_contact", user: request.remoteUser,
                                            requestID: request.requestID, subject: subject, result: result,
                                            latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
    }
}

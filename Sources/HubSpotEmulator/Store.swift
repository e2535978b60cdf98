import JSON
import PhoneNumbers

/// The emulated account's records: contacts in id order, companies by id, communications.
struct Store {
    private(set) var contacts: [CRMObject]
    private var contactPositions: [Int64: Int]
    /// Contacts merged away → the contact they were merged into (a GET by the old id answers
    /// with the survivor, as HubSpot's does).
    private(set) var mergedContacts: [Int64: Int64] = [:]
    var companies: [Int64: CRMObject]
    var communications = CommunicationStore()
    /// The highest contact id ever removed, so that ids are never reused.
    private var removedHighestID: Int64 = 0
    private(set) var contactCatalog: PropertyCatalog
    let companyCatalog: PropertyCatalog
    /// How created contacts get their calculated phone properties.
    let phones: CalculatedPhones

    init(seed: SeedData, phones: CalculatedPhones) {
        self.phones = phones
        let matcher = FilterMatcher(catalog: seed.contactCatalog, region: phones.accountRegion)
        contacts = seed.contacts.sorted { $0.id < $1.id }.map(matcher.indexed)
        contactPositions = Dictionary(uniqueKeysWithValues: contacts.enumerated().map { ($1.id, $0) })
        companies = Dictionary(uniqueKeysWithValues: seed.companies.map { ($0.id, $0) })
        contactCatalog = seed.contactCatalog
        companyCatalog = seed.companyCatalog
    }

    func contact(id: Int64) -> CRMObject? { contactPositions[id].map { contacts[$0] } }

    /// The contact `id` names now: itself, or the survivor of the merges it went into.
    func currentContact(id: Int64) -> CRMObject? {
        var id = id, hops = 0
        while contactPositions[id] == nil, let next = mergedContacts[id], hops < 100 {
            id = next
            hops += 1
        }
        return contact(id: id)
    }

    /// Replaces the stored contact with `contact`'s id, its search tokens recomputed.
    mutating func replace(_ contact: CRMObject) {
        guard let position = contactPositions[contact.id] else { return }
        contacts[position] = FilterMatcher(catalog: contactCatalog, region: phones.accountRegion).indexed(contact)
    }

    /// Removes contact `id`; `mergedInto` records where a GET by `id` leads from now on.
    @discardableResult
    mutating func removeContact(id: Int64, mergedInto survivor: Int64? = nil) -> CRMObject? {
        guard let position = contactPositions[id] else { return nil }
        let removed = contacts.remove(at: position)
        removedHighestID = max(removedHighestID, id)
        contactPositions = Dictionary(uniqueKeysWithValues: contacts.enumerated().map { ($1.id, $0) })
        if let survivor { mergedContacts[id] = survivor }
        communications.reassociate(contact: id, to: survivor)
        return removed
    }

    /// Adds `contact` under `id` (by default the next after the highest ever held), indexed for
    /// search.
    mutating func appendContact(_ contact: CRMObject, id: Int64? = nil) -> CRMObject {
        var contact = contact
        contact.id = id ?? nextContactID
        contact.properties["hs_object_id"] = String(contact.id)
        contact = FilterMatcher(catalog: contactCatalog, region: phones.accountRegion).indexed(contact)
        contactPositions[contact.id] = contacts.count
        contacts.append(contact)
        return contact
    }

    /// Ids only grow, even past removed contacts, so an id is never reused.
    var nextContactID: Int64 {
        max(contacts.last?.id ?? 0, mergedContacts.keys.max() ?? 0, removedHighestID) + 1
    }

    /// The contact whose primary or additional email is `email` (case-insensitive).
    func contact(email: String) -> CRMObject? {
        contacts.first { Self.holds($0, email: email) != nil }
    }

    /// Where `object` holds `email` (case-insensitive), nil when it does not.
    static func holds(_ object: CRMObject, email: String) -> EmailPlace? {
        let wanted = email.lowercased()
        if object["email"]?.lowercased() == wanted { return .primary }
        // HubSpot stores secondary emails as one semicolon-separated text.
        let additional = object["hs_additional_emails"]?.lowercased().split(separator: ";") ?? []
        return additional.contains { $0.filter { !$0.isWhitespace } == wanted } ? .additional : nil
    }

    enum EmailPlace { case primary, additional }

    /// `POST /crm/v3/objects/contacts`: validates `body` (`SimplePublicObjectInputForCreate`) and
    /// stores the new contact, searchable after `indexLagMs`. An email another contact holds is
    /// refused as `duplicateEmail` says.
    mutating func createContact(_ body: [UInt8], now: Int64, indexLagMs: Int,
                                duplicateEmail: DuplicateEmailAnswer = .conflict) throws(APIError) -> CRMObject
    {
        let json = try Self.parse(body)
        var properties = try checkedProperties(json).filter { !$0.value.isEmpty }
        if let company = try primaryCompany(json["associations"]), properties["associatedcompanyid"] == nil {
            properties["associatedcompanyid"] = String(company)
        }
        if let email = properties["email"], let existing = contact(email: email) {
            throw Self.duplicate(email, existing: existing, answer: duplicateEmail)
        }

        let id = nextContactID
        let created = properties["createdate"].flatMap(ISO8601.milliseconds(from:)) ?? now
        properties["hs_object_id"] = String(id)
        properties["createdate"] = ISO8601.format(milliseconds: created)
        properties["lastmodifieddate"] = ISO8601.format(milliseconds: now)
        var contact = CRMObject(id: id, properties: properties, createdAt: created, updatedAt: now,
                                searchableFrom: now + Int64(indexLagMs))
        phones.fill(&contact)
        contact = FilterMatcher(catalog: contactCatalog, region: phones.accountRegion).indexed(contact)
        contactPositions[id] = contacts.count
        contacts.append(contact)
        return contact
    }

    /// `body` as JSON, or HubSpot's 400 for text that is not.
    static func parse(_ body: [UInt8]) throws(APIError) -> JSONValue {
        do { return try JSONValue(parsing: body) } catch {
            throw body.isEmpty ? APIError.invalidJSON("No content to map due to end-of-input")
                : APIError.invalidJSON(error.reason, at: error.offset, in: body)
        }
    }

    /// The contact properties of a create or update body, each checked (every problem named in
    /// one 400); datetimes in ISO 8601; `""` kept (an update clears the property with it).
    func checkedProperties(_ json: JSONValue) throws(APIError) -> [String: String] {
        guard let input = json["properties"]?.objectValue else {
            throw APIError.validation("The request needs a properties object", in: "properties")
        }
        let (properties, problems) = PropertyProblem.collect(input, problem: check) { name, text in
            if contactCatalog.type(of: name) == .datetime, let ms = ISO8601.milliseconds(from: text) {
                return ISO8601.format(milliseconds: ms)
            }
            return text
        }
        guard problems.isEmpty else { throw PropertyProblem.error(problems) }
        return properties
    }

    /// The refusal of a create whose `email` `existing` already holds.
    static func duplicate(_ email: String, existing: CRMObject, answer: DuplicateEmailAnswer) -> APIError {
        let asValidation = switch answer {
        case .conflict: false
        case .validation: true
        case .hubspot: holds(existing, email: email) == .additional
        }
        return asValidation ? APIError.duplicateValue("email", existingID: existing.id) : .conflict(existingID: existing.id)
    }

    /// Why a property cannot be set to `text`, in HubSpot's terms; nil when it can.
    private func check(_ name: String, _ text: String) -> PropertyProblem? {
        guard let type = contactCatalog.type(of: name) else {
            return PropertyProblem(name: name, error: "PROPERTY_DOESNT_EXIST", message: "Property \"\(name)\" does not exist")
        }
        if contactCatalog.isReadOnly(name) {
            return PropertyProblem(name: name, error: "READ_ONLY_VALUE",
                                   message: "\(name) is a read only property; its value cannot be set.")
        }
        if text.isEmpty { return nil }
        if name == "email", !Self.isPlausibleEmail(text) {
            return PropertyProblem(name: name, error: "INVALID_EMAIL", message: "Email address \(text) is invalid")
        }
        switch type {
        case .number where Double(text) == nil:
            return PropertyProblem(name: name, error: "INVALID_LONG", message: "\(text) was not a valid long.")
        case .datetime where ISO8601.milliseconds(from: text) == nil:
            return PropertyProblem(name: name, error: "INVALID_DATE",
                                   message: "\(text) is not a valid date: use epoch milliseconds or ISO 8601")
        default:
            return nil
        }
    }

    /// The company id of a primary contact-to-company association (HUBSPOT_DEFINED type 1), after
    /// checking every association's shape and that companies it names exist.
    private func primaryCompany(_ associations: JSONValue?) throws(APIError) -> Int64? {
        guard let associations, !associations.isNull else { return nil }
        guard let list = associations.arrayValue else { throw APIError.invalidJSON("associations must be an array") }
        var primary: Int64?
        for association in list {
            guard let target = association["to"]?["id"].flatMap(SearchRequest.scalarText),
                  let types = association["types"]?.arrayValue
            else { throw APIError.invalidJSON("each association needs to.id and types") }
            guard let id = Int64(target), companies[id] != nil else {
                throw APIError.validation("One or more associations are invalid: company \(target) does not exist",
                                          in: "associations")
            }
            for type in types where type["associationCategory"]?.stringValue == "HUBSPOT_DEFINED"
                && type["associationTypeId"]?.intValue == 1 {
                primary = id
            }
        }
        return primary
    }

    /// `local@domain.tld` without spaces: what HubSpot's INVALID_EMAIL check needs at least.
    static func isPlausibleEmail(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !text.contains(where: \.isWhitespace) else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.count >= 2 && labels.allSatisfy { !$0.isEmpty }
    }
}

/// One refused property on create, rendered like HubSpot's "Property values were not valid".
struct PropertyProblem {
    var name: String
    var error: String
    var message: String

    static func error(_ problems: [PropertyProblem]) -> APIError {
        let inner: [JSONValue] = problems.map { problem in
            ["isValid": false, "message": .string(problem.message), "error": .string(problem.error),
             "name": .string(problem.name), "localizedErrorMessage": .string(problem.message)]
        }
        var error = APIError(status: 400, category: "VALIDATION_ERROR",
                             message: "Property values were not valid: \(JSONValue.array(inner).encodedString())")
        error.details["errors"] = .array(problems.map { problem in
            ["message": .string(problem.message), "code": .string(problem.error),
             "context": ["propertyName": [.string(problem.name)]]]
        })
        return error
    }

    /// Every property of a request's `properties`, checked the way HubSpot checks them: nulls
    /// skipped, non-scalar values refused, then `problem(name, text)`; what passes is stored as
    /// `value(name, text)` (nil: not stored). Returns the values and every problem found, so the
    /// caller can add its own (a required property) before refusing them all in one 400.
    static func collect(_ input: JSONObject, problem: (String, String) -> PropertyProblem?,
                        value: (String, String) -> String?) -> (values: [String: String], problems: [PropertyProblem]) {
        var values: [String: String] = [:]
        var problems: [PropertyProblem] = []
        for (name, raw) in input {
            if raw.isNull { continue }
            guard let text = SearchRequest.scalarText(raw) else {
                problems.append(PropertyProblem(name: name, error: "INVALID_VALUE",
                                                message: "Property \"\(name)\" needs a string value"))
                continue
            }
            if let found = problem(name, text) {
                problems.append(found)
                continue
            }
            if let stored = value(name, text) { values[name] = stored }
        }
        return (values, problems)
    }
}

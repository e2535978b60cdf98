import JSON

/// One communication to create (`SimplePublicObjectInputForCreate`, or one of a batch's
/// `inputs`), checked the way HubSpot checks it: the properties exist and are writable,
/// `hs_communication_channel_type` is `SMS`, `WHATS_APP` or `LINKEDIN_MESSAGE`,
/// `hs_communication_logged_from` is `CRM`, `hs_timestamp` is epoch milliseconds or ISO 8601,
/// and every association names an existing contact with the communication-to-contact type
/// (`HUBSPOT_DEFINED` 81).
///
/// ```swift
/// let input = try CommunicationInput(json, requireAssociations: true, contactExists: store.hasContact)
/// input.properties["hs_timestamp"]   // "2026-12-05T02:10:00Z" whichever form was sent
/// ```
///
/// HubSpot's docs do not say which properties are required; the channel, `logged_from` and
/// `hs_timestamp` are required here, so a client that forgets one learns it from the emulator
/// rather than from a timeline without the message.
struct CommunicationInput {
    /// Set properties, `hs_timestamp` in ISO 8601.
    var properties: [String: String]
    var contactIDs: [Int64]
    /// The batch input's `objectWriteTraceId`: what names it in a 207's errors.
    var traceID: String?

    static let channels = ["SMS", "WHATS_APP", "LINKEDIN_MESSAGE"]
    static let required = ["hs_communication_channel_type", "hs_communication_logged_from", "hs_timestamp"]
    /// HubSpot's communication → contact association type.
    static let contactAssociationType: Int64 = 81

    /// - Parameters:
    ///   - requireAssociations: batch inputs must carry `associations` (an empty array is fine),
    ///     as HubSpot's spec says; the single create may leave them out.
    ///   - contactExists: whether a contact id names a contact held now.
    init(_ json: JSONValue, requireAssociations: Bool, contactExists: (Int64) -> Bool) throws(APIError) {
        guard case .object = json else { throw APIError.invalidJSON("each input must be a JSON object") }
        traceID = try SearchRequest.optionalScalar(json["objectWriteTraceId"], "objectWriteTraceId")
        guard let input = json["properties"]?.objectValue else {
            throw APIError.validation("The request needs a properties object", in: "properties")
        }
        properties = try Self.check(input)
        contactIDs = try Self.contacts(json["associations"], required: requireAssociations, exists: contactExists)
    }

    /// The `properties`, each checked; every problem is named in one 400, like HubSpot's
    /// "Property values were not valid".
    private static func check(_ input: JSONObject) throws(APIError) -> [String: String] {
        let catalog = PropertyCatalog.communications
        var (properties, problems) = PropertyProblem.collect(input, problem: { name, text in
            guard catalog.contains(name), !name.hasPrefix(FilterMatcher.associationPrefix) else {
                return PropertyProblem(name: name, error: "PROPERTY_DOESNT_EXIST", message: "Property \"\(name)\" does not exist")
            }
            if catalog.isReadOnly(name) {
                return PropertyProblem(name: name, error: "READ_ONLY_VALUE",
                                       message: "\(name) is a read only property; its value cannot be set.")
            }
            return text.isEmpty ? nil : problem(name, text)
        }) { name, text in
            if text.isEmpty { return nil }
            if name == "hs_timestamp", let ms = ISO8601.milliseconds(from: text) { return ISO8601.format(milliseconds: ms) }
            return text
        }
        for name in required where properties[name] == nil && !problems.contains(where: { $0.name == name }) {
            problems.append(PropertyProblem(name: name, error: "REQUIRED_PROPERTY",
                                            message: "Property \"\(name)\" is required for a communication"))
        }
        guard problems.isEmpty else { throw PropertyProblem.error(problems) }
        return properties
    }

    private static func problem(_ name: String, _ text: String) -> PropertyProblem? {
        switch name {
        case "hs_communication_channel_type" where !channels.contains(text):
            return PropertyProblem(name: name, error: "INVALID_OPTION",
                                   message: "\(text) was not one of the allowed options: [\(channels.joined(separator: ", "))]")
        case "hs_communication_logged_from" where text != "CRM":
            return PropertyProblem(name: name, error: "INVALID_OPTION",
                                   message: "\(text) was not one of the allowed options: [CRM]")
        case "hs_timestamp" where ISO8601.milliseconds(from: text) == nil:
            return PropertyProblem(name: name, error: "INVALID_DATE",
                                   message: "\(text) is not a valid date: use epoch milliseconds or ISO 8601")
        case "hubspot_owner_id" where Int64(text) == nil:
            return PropertyProblem(name: name, error: "INVALID_LONG", message: "\(text) was not a valid long.")
        default:
            return nil
        }
    }

    /// The contact ids of `associations`, after checking each one's shape, type and target.
    private static func contacts(_ associations: JSONValue?, required: Bool,
                                 exists: (Int64) -> Bool) throws(APIError) -> [Int64] {
        guard let associations, !associations.isNull else {
            if required { throw APIError.invalidJSON("each input needs associations (an empty array when none)") }
            return []
        }
        guard let list = associations.arrayValue else { throw APIError.invalidJSON("associations must be an array") }
        var ids: [Int64] = []
        for association in list {
            guard let target = association["to"]?["id"].flatMap(SearchRequest.scalarText),
                  let types = association["types"]?.arrayValue, !types.isEmpty
            else { throw APIError.invalidJSON("each association needs to.id and a non-empty types array") }
            for type in types {
                let category = type["associationCategory"]?.stringValue ?? ""
                let typeID = type["associationTypeId"]?.intValue
                guard category == "HUBSPOT_DEFINED", typeID == contactAssociationType else {
                    throw APIError.validation("One or more associations are invalid: \(category) "
                        + "\(typeID.map { String($0) } ?? "?") is not an association type from communications to "
                        + "contacts (HUBSPOT_DEFINED \(contactAssociationType) is)", in: "associations",
                        code: "INVALID_ASSOCIATION_TYPE")
                }
            }
            guard let id = Int64(target), exists(id) else {
                throw APIError.validation("One or more associations are invalid: contact \(target) does not exist",
                                          in: "associations", code: "OBJECT_NOT_FOUND")
            }
            if !ids.contains(id) { ids.append(id) }
        }
        return ids
    }

    /// What makes two communications the same message: the body, the contacts and the time.
    var duplicateKey: String {
        let contacts = contactIDs.sorted().map { String($0) }.joined(separator: ",")
        let time = properties["hs_timestamp"].flatMap(ISO8601.milliseconds(from:)).map { String($0) } ?? ""
        return "\(contacts)|\(time)|\(properties["hs_communication_body"] ?? "")"
    }
}

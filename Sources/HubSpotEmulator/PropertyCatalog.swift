/// How HubSpot types a property, which decides how filters compare and sort its values.
enum PropertyType: String, Sendable {
    /// Free text; filters compare case-insensitively (IN/NOT_IN values must already be lowercase).
    case string
    /// Numeric comparison (`"1.0"` equals `"1"`).
    case number
    /// Epoch milliseconds; values come back as ISO 8601, filters accept ISO or epoch ms.
    case datetime
    /// A fixed option set; HubSpot's filters on enumerations are case-sensitive.
    case enumeration
}

/// The property definitions of one object type: what exists (so unknown names can be refused or
/// ignored the way HubSpot does), each one's type, and which ones HubSpot computes itself.
///
/// ```swift
/// var catalog = PropertyCatalog.contacts
/// catalog.type(of: "createdate")        // .datetime
/// catalog.learn("favourite_colour")     // a custom property seen in seed data: .string
/// ```
struct PropertyCatalog: Sendable {
    private(set) var types: [String: PropertyType]
    /// Values HubSpot sets itself; creating with one of them is refused (READ_ONLY_VALUE).
    let readOnly: Set<String>
    /// Returned when a request names no properties.
    let defaultProperties: [String]
    /// Returned whatever the request names (HubSpot always adds the id and the timestamps).
    let alwaysReturned: [String]

    func type(of name: String) -> PropertyType? { types[name] }

    func contains(_ name: String) -> Bool { types[name] != nil }

    func isReadOnly(_ name: String) -> Bool { readOnly.contains(name) }

    /// Registers a property found in seed data (custom properties are text unless HubSpot
    /// already knows them).
    mutating func learn(_ name: String, as type: PropertyType = .string) {
        if types[name] == nil { types[name] = type }
    }

    /// Contact properties: the standard ones this project touches plus a few common others.
    static let contacts = PropertyCatalog(
        types: merge([
            (.string, ["firstname", "lastname", "email", "phone", "mobilephone", "fax", "company", "jobtitle",
                       "website", "address", "city", "state", "zip", "country", "hs_additional_emails",
                       "hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number",
                       "hs_calculated_phone_number", "hs_calculated_mobile_number",
                       "hs_calculated_phone_number_country_code", "hs_country_region_code", "salutation", "message", "industry"]),
            (.number, ["hs_object_id", "associatedcompanyid", "num_notes", "num_associated_deals",
                       "hubspotscore"]),
            (.datetime, ["createdate", "lastmodifieddate", "notes_last_updated", "lastcontacted", "closedate"]),
            (.enumeration, ["lifecyclestage", "hs_lead_status", "hubspot_owner_id"]),
        ]),
        readOnly: ["hs_object_id", "lastmodifieddate", "hs_searchable_calculated_phone_number",
                   "hs_searchable_calculated_mobile_number", "hs_calculated_phone_number",
                   "hs_calculated_mobile_number", "hs_calculated_phone_number_country_code", "num_notes",
                   "num_associated_deals", "notes_last_updated"],
        defaultProperties: ["createdate", "email", "firstname", "hs_object_id", "lastmodifieddate", "lastname"],
        alwaysReturned: ["createdate", "hs_object_id", "lastmodifieddate"])

    /// Company properties.
    static let companies = PropertyCatalog(
        types: merge([
            (.string, ["name", "domain", "city", "state", "country", "phone", "industry", "website", "description",
                       "address", "zip"]),
            (.number, ["hs_object_id", "numberofemployees", "annualrevenue"]),
            (.datetime, ["createdate", "hs_lastmodifieddate"]),
        ]),
        readOnly: ["hs_object_id", "hs_lastmodifieddate"],
        defaultProperties: ["createdate", "domain", "hs_lastmodifieddate", "hs_object_id", "name"],
        alwaysReturned: ["createdate", "hs_lastmodifieddate", "hs_object_id"])

    /// Communication properties (SMS, WhatsApp and LinkedIn messages logged on a record), plus
    /// search's `associations.contact` pseudo-property.
    static let communications = PropertyCatalog(
        types: merge([
            (.string, ["hs_communication_body"]),
            (.number, ["hs_object_id", "associations.contact"]),
            (.datetime, ["hs_timestamp", "hs_createdate", "hs_lastmodifieddate"]),
            (.enumeration, ["hs_communication_channel_type", "hs_communication_logged_from", "hubspot_owner_id"]),
        ]),
        readOnly: ["hs_object_id", "hs_createdate", "hs_lastmodifieddate", "associations.contact"],
        defaultProperties: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"],
        alwaysReturned: ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"])

    private static func merge(_ groups: [(PropertyType, [String])]) -> [String: PropertyType] {
        var types: [String: PropertyType] = [:]
        for (type, names) in groups { for name in names { types[name] = type } }
        return types
    }
}

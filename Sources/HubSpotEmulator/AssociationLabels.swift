import HTTPServer
import JSON

/// The association types between two object types, as
/// `GET /crm/v4/associations/{from}/{to}/labels` lists them: the unlabeled `HUBSPOT_DEFINED`
/// type has `"label": null`; a portal may add `USER_DEFINED` labels of its own.
///
/// ```swift
/// AssociationLabels.list(from: "communications", to: "contacts", userDefined: false)
/// // [{"category":"HUBSPOT_DEFINED","typeId":81,"label":null}]
/// ```
enum AssociationLabels {
    struct Label {
        var category: String
        var typeID: Int64
        var label: String?

        var json: JSONValue {
            ["category": .string(category), "typeId": .int(typeID), "label": label.map(JSONValue.string) ?? .null]
        }
    }

    /// HubSpot's ids for the pairs the emulator knows (its SDKs' association type enums).
    private static let defined: [String: [Label]] = [
        "communications/contacts": [Label(category: "HUBSPOT_DEFINED", typeID: 81)],
        "contacts/communications": [Label(category: "HUBSPOT_DEFINED", typeID: 82)],
        "contacts/companies": [Label(category: "HUBSPOT_DEFINED", typeID: 279),
                               Label(category: "HUBSPOT_DEFINED", typeID: 1, label: "Primary")],
        "companies/contacts": [Label(category: "HUBSPOT_DEFINED", typeID: 280),
                               Label(category: "HUBSPOT_DEFINED", typeID: 2, label: "Primary")],
    ]

    /// A customised portal's own labels, listed first so that a client cannot just take the
    /// first entry.
    private static let userDefined: [String: [Label]] = [
        "communications/contacts": [Label(category: "USER_DEFINED", typeID: 1001, label: "Text thread")],
        "contacts/communications": [Label(category: "USER_DEFINED", typeID: 1002, label: "Text thread")],
    ]

    /// The object type HubSpot means by `name`: plural, singular or object type id.
    static func objectType(_ name: String) -> String? {
        switch name.lowercased() {
        case "contacts", "contact", "0-1": "contacts"
        case "companies", "company", "0-2": "companies"
        case "communications", "communication", "0-18": "communications"
        default: nil
        }
    }

    /// The labels from `from` to `to`; nil when the emulator does not know a type.
    static func list(from: String, to: String, userDefined withUserDefined: Bool) -> [Label]? {
        guard let from = objectType(from), let to = objectType(to) else { return nil }
        let key = "\(from)/\(to)"
        return (withUserDefined ? userDefined[key] ?? [] : []) + (defined[key] ?? [])
    }
}

extension HubSpotEmulator {
    /// `GET /crm/v4/associations/{fromObjectType}/{toObjectType}/labels`
    func associationLabels(from: String, to: String, behaviour: AccountBehaviour) throws(APIError) -> ServerResponse {
        for name in [from, to] where AssociationLabels.objectType(name) == nil {
            throw APIError.validation("Unable to infer object type from: \(name)", in: "objectType")
        }
        let labels = AssociationLabels.list(from: from, to: to, userDefined: behaviour.userDefinedLabels) ?? []
        return JSONResponse.make(200, ["results": .array(labels.map(\.json))])
    }
}

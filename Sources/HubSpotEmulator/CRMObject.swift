import JSON

/// One stored CRM record (contact or company) in the shape HubSpot's v3 API speaks: a numeric
/// string id and string-valued properties. Only set values are stored; an unset property is
/// absent, never an empty string.
///
/// ```swift
/// let contact = CRMObject(id: 101, properties: ["firstname": "Ada"], createdAt: 0, updatedAt: 0)
/// contact.json(selecting: ["firstname", "phone"], catalog: .contacts)
/// // {"id":"101","properties":{"firstname":"Ada","phone":null},"createdAt":"1970-…","updatedAt":…,"archived":false}
/// ```
public struct CRMObject: Sendable, Equatable {
    public var id: Int64
    public internal(set) var properties: [String: String]
    /// Epoch milliseconds (`createdate` / `createdAt`).
    public var createdAt: Int64
    /// Epoch milliseconds (`lastmodifieddate` or `hs_lastmodifieddate` / `updatedAt`).
    public var updatedAt: Int64
    /// Wall-clock milliseconds from which search can see the record (HubSpot's index lag).
    public var searchableFrom: Int64
    /// Search tokens of the full-text properties, filled in by the store once the properties are
    /// final (again after an update); ``FilterMatcher`` tokenizes on the fly without it.
    var searchTokens: [String: [String]]?
    /// Associated record ids by object type in the singular (`contact`), as search's
    /// `associations.contact` pseudo-property reads them.
    var associations: [String: [Int64]] = [:]

    public init(id: Int64, properties: [String: String], createdAt: Int64, updatedAt: Int64,
                searchableFrom: Int64 = 0) {
        self.id = id
        self.properties = properties
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.searchableFrom = searchableFrom
    }

    /// Equal records have the same id, properties, times and associations (the token cache is
    /// not compared).
    public static func == (a: CRMObject, b: CRMObject) -> Bool {
        a.id == b.id && a.properties == b.properties && a.createdAt == b.createdAt && a.updatedAt == b.updatedAt
            && a.searchableFrom == b.searchableFrom && a.associations == b.associations
    }

    /// The value of `name`, nil when unset.
    public subscript(name: String) -> String? { properties[name] }

    /// The API representation. `selecting` nil means the catalog's defaults; the catalog's
    /// always-returned properties are added; names the catalog does not know are left out
    /// (HubSpot ignores them); known but unset ones are `null`. Members are in name order, as
    /// HubSpot returns them.
    func json(selecting requested: [String]?, catalog: PropertyCatalog) -> JSONValue {
        var names = Set(catalog.alwaysReturned)
        names.formUnion((requested?.isEmpty == false ? requested! : catalog.defaultProperties)
            .filter(catalog.contains))
        var properties = JSONObject()
        for name in names.sorted() {
            properties[name] = self.properties[name].map(JSONValue.string) ?? .null
        }
        return ["id": .string(String(id)), "properties": .object(properties),
                "createdAt": .string(ISO8601.format(milliseconds: createdAt)),
                "updatedAt": .string(ISO8601.format(milliseconds: updatedAt)), "archived": false]
    }

    /// Every set property, in name order (what HubSpot returns from a create).
    func jsonWithAllSetProperties() -> JSONValue {
        var properties = JSONObject()
        for name in self.properties.keys.sorted() { properties[name] = .string(self.properties[name]!) }
        return ["id": .string(String(id)), "properties": .object(properties),
                "createdAt": .string(ISO8601.format(milliseconds: createdAt)),
                "updatedAt": .string(ISO8601.format(milliseconds: updatedAt)), "archived": false]
    }
}

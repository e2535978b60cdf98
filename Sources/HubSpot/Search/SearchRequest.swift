import JSON

/// The body of `POST /crm/v3/objects/contacts/search`. Values travel as JSON strings, so
/// whatever a user types (quotes, braces, `*`) is data, never structure.
public struct SearchRequest: Sendable, Equatable {
    public struct Filter: Sendable, Equatable {
        public var propertyName: String
        public var `operator`: String
        public var value: String?
        public var values: [String]?

        public static func equals(_ property: String, _ value: String) -> Filter {
            Filter(propertyName: property, operator: "EQ", value: value)
        }

        public static func containsToken(_ property: String, _ value: String) -> Filter {
            Filter(propertyName: property, operator: "CONTAINS_TOKEN", value: value)
        }

        var json: JSONValue {
            var object: JSONObject = ["propertyName": .string(propertyName), "operator": .string(`operator`)]
            if let value { object["value"] = .string(value) }
            if let values { object["values"] = .array(values.map { .string($0) }) }
            return .object(object)
        }
    }

    /// Filters inside a group are AND-ed; groups are OR-ed.
    public var filterGroups: [[Filter]] = []
    /// HubSpot's full-text query over the default searchable properties.
    public var query: String?
    public var properties: [String] = Contact.properties
    public var sortNewestFirst = false
    public var limit = 10
    public var after: String?

    /// HubSpot's documented limits (the most restrictive numbers).
    public static let maxGroups = 5
    public static let maxFiltersPerGroup = 6
    public static let maxFilters = 18
    public static let maxQueryLength = 3000
    public static let maxLimit = 200

    public init(filterGroups: [[Filter]] = [], query: String? = nil, limit: Int = 10, after: String? = nil) {
        self.filterGroups = filterGroups
        self.query = query
        self.limit = limit
        self.after = after
    }

    public var json: JSONValue {
        var object: JSONObject = [:]
        if !filterGroups.isEmpty {
            object["filterGroups"] = .array(filterGroups.map { ["filters": .array($0.map(\.json))] })
        }
        if let query { object["query"] = .string(query) }
        object["properties"] = .array(properties.map { .string($0) })
        if sortNewestFirst {
            object["sorts"] = [["propertyName": "lastmodifieddate", "direction": "DESCENDING"]]
        }
        object["limit"] = .int(Int64(limit))
        if let after { object["after"] = .string(after) }
        return .object(object)
    }
}

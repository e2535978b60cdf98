import JSON

/// HubSpot's filter operators (the spec's `Filter.operator` enum). There is no `CONTAINS`.
enum FilterOperator: String, CaseIterable, Sendable {
    case eq = "EQ", neq = "NEQ", lt = "LT", lte = "LTE", gt = "GT", gte = "GTE", between = "BETWEEN"
    case `in` = "IN", notIn = "NOT_IN", hasProperty = "HAS_PROPERTY", notHasProperty = "NOT_HAS_PROPERTY"
    case containsToken = "CONTAINS_TOKEN", notContainsToken = "NOT_CONTAINS_TOKEN"
}

/// One condition of a filter group.
struct Filter: Sendable, Equatable {
    var propertyName: String
    var op: FilterOperator
    var value: String?
    var highValue: String?
    var values: [String]?

    init(_ propertyName: String, _ op: FilterOperator, value: String? = nil, highValue: String? = nil,
                values: [String]? = nil) {
        self.propertyName = propertyName
        self.op = op
        self.value = value
        self.highValue = highValue
        self.values = values
    }
}

/// One sort key.
struct SortRule: Sendable, Equatable {
    var propertyName: String
    var descending: Bool
}

/// A validated `POST /crm/v3/objects/{type}/search` body.
///
/// ```swift
/// let request = try SearchRequest(parsing: Array(#"{"query":"smith","limit":20}"#.utf8), catalog: .contacts)
/// request.limit   // 20
/// ```
///
/// Every field is optional, as HubSpot's docs say (`{}` lists everything), although the OpenAPI
/// spec marks `after`, `filterGroups`, `limit`, `properties` and `sorts` as required.
struct SearchRequest: Sendable {
    var filterGroups: [[Filter]] = []
    var query: String?
    /// nil: the default properties.
    var properties: [String]?
    var sorts: [SortRule] = []
    var limit = 10
    var after = 0

    static let maxGroups = 5
    static let maxFiltersPerGroup = 6
    static let maxFilters = 18
    static let maxLimit = 200
    static let maxResults = 10_000
    static let maxQueryLength = 3000

    init() {}

    /// Parses and validates `body`; every problem is a 400 VALIDATION_ERROR in HubSpot's shape.
    init(parsing body: [UInt8], catalog: PropertyCatalog) throws(APIError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: body)
        } catch {
            throw body.isEmpty ? APIError.invalidJSON("No content to map due to end-of-input")
                : APIError.invalidJSON(error.reason, at: error.offset, in: body)
        }
        guard case .object(let object) = json else {
            throw APIError.invalidJSON("the search request must be a JSON object")
        }
        try self.init(object, catalog: catalog)
    }

    init(_ object: JSONObject, catalog: PropertyCatalog) throws(APIError) {
        if let groups = object["filterGroups"], !groups.isNull {
            guard let array = groups.arrayValue else { throw APIError.invalidJSON("filterGroups must be an array") }
            filterGroups = try array.map { (group) throws(APIError) in try Self.parseGroup(group) }
        }
        try Self.checkLimits(filterGroups)
        for group in filterGroups {
            for filter in group { try Self.check(filter, catalog: catalog) }
        }
        if let query = object["query"], !query.isNull {
            guard let text = query.stringValue else { throw APIError.invalidJSON("query must be a string") }
            guard text.count <= Self.maxQueryLength else {
                throw APIError.validation("query must be at most \(Self.maxQueryLength) characters long", in: "query")
            }
            self.query = text
        }
        if let properties = object["properties"], !properties.isNull {
            guard let names = properties.arrayValue?.compactMap(\.stringValue),
                  names.count == properties.arrayValue?.count
            else { throw APIError.invalidJSON("properties must be an array of strings") }
            self.properties = names.isEmpty ? nil : names
        }
        if let sorts = object["sorts"], !sorts.isNull {
            guard let array = sorts.arrayValue else { throw APIError.invalidJSON("sorts must be an array") }
            self.sorts = try array.map { (sort) throws(APIError) in try Self.parseSort(sort) }
        }
        if let limit = object["limit"], !limit.isNull {
            guard let value = Self.integer(limit) else { throw APIError.invalidJSON("limit must be an integer") }
            guard value >= 0, value <= Self.maxLimit else {
                throw APIError.validation("limit must be between 0 and \(Self.maxLimit), got \(value)", in: "limit")
            }
            self.limit = value
        }
        if let after = object["after"], !after.isNull, after.stringValue != "" {
            guard let value = Self.integer(after), value >= 0 else {
                throw APIError.validation("after must be a paging cursor (a string of digits) from paging.next.after",
                                          in: "after")
            }
            self.after = value
        }
        guard after + limit <= Self.maxResults else {
            throw APIError.validation("Search results are limited to \(Self.maxResults) records: after (\(after)) "
                + "plus limit (\(limit)) goes past that. Narrow the filters instead of paging further.", in: "after")
        }
    }

    // MARK: - Parts

    private static func parseSort(_ sort: JSONValue) throws(APIError) -> SortRule {
        if let text = sort.stringValue {
            // The spec types sorts as strings: a property name, "-name" for descending.
            let descending = text.hasPrefix("-")
            let name = String(descending ? text.dropFirst() : text[...])
            guard !name.isEmpty else { throw APIError.invalidJSON("empty sort") }
            return SortRule(propertyName: name, descending: descending)
        }
        guard let name = sort["propertyName"]?.stringValue else {
            throw APIError.invalidJSON("each sort needs a propertyName")
        }
        switch sort["direction"]?.stringValue ?? "ASCENDING" {
        case "ASCENDING": return SortRule(propertyName: name, descending: false)
        case "DESCENDING": return SortRule(propertyName: name, descending: true)
        case let other:
            throw APIError.invalidJSON("Cannot deserialize value of type `Direction` from String \"\(other)\": "
                + "not one of the values accepted for Enum class: [ASCENDING, DESCENDING]")
        }
    }

    /// Strings, numbers and booleans all arrive as text (HubSpot coerces scalars).
    static func scalarText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .int(let number): String(number)
        case .double(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        default: nil
        }
    }

    static func optionalScalar(_ value: JSONValue?, _ field: String) throws(APIError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard let text = scalarText(value) else { throw APIError.invalidJSON("\(field) must be a string") }
        return text
    }

    /// An integer given as a JSON number or a string of digits.
    static func integer(_ value: JSONValue) -> Int? {
        if let number = value.intValue { return Int(exactly: number) }
        if let text = value.stringValue, !text.isEmpty, text.count <= 18,
           text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Int(text)
        }
        return nil
    }
}

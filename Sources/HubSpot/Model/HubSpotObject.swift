import Base
import JSON

/// A CRM object as HubSpot returns it: `{"id","properties":{name: string|null},"updatedAt",…}`.
public struct HubSpotObject: Sendable, Equatable {
    public let id: String
    public let properties: [String: String]
    public let updatedAt: String?

    public init(id: String, properties: [String: String], updatedAt: String? = nil) {
        self.id = id
        self.properties = properties
        self.updatedAt = updatedAt
    }

    init(json: JSONValue) throws(HubSpotError) {
        guard let id = json["id"]?.stringValue, !id.isEmpty else {
            throw .invalidResponse("a result has no id")
        }
        var properties: [String: String] = [:]
        for (name, value) in json["properties"]?.objectValue ?? [:] {
            // Values are strings; null means unset. Be lenient with numbers/bools anyway.
            switch value {
            case .string(let text): properties[name] = text
            case .int(let number): properties[name] = String(number)
            case .double(let number): properties[name] = String(number)
            case .bool(let flag): properties[name] = String(flag)
            default: break
            }
        }
        self.init(id: id, properties: properties, updatedAt: json["updatedAt"]?.stringValue)
    }

    /// A property's value, nil when unset or blank.
    public subscript(property: String) -> String? {
        guard let value = properties[property], !value.trimmingWhitespace().isEmpty else { return nil }
        return value
    }

    /// When the object last changed, for choosing between duplicates: `lastmodifieddate`, else
    /// `updatedAt`. Both are ISO-8601 UTC, so they order as strings.
    public var lastModified: String {
        self["lastmodifieddate"] ?? updatedAt ?? ""
    }
}

/// One page of a search answer.
public struct SearchPage: Sendable {
    public let total: Int
    public let results: [HubSpotObject]
    /// The cursor for the next page; nil on the last page.
    public let nextAfter: String?

    public init(total: Int, results: [HubSpotObject], nextAfter: String?) {
        self.total = total
        self.results = results
        self.nextAfter = nextAfter
    }

    init(json: JSONValue) throws(HubSpotError) {
        guard let results = json["results"]?.arrayValue else {
            throw .invalidResponse("the search answer has no results array")
        }
        var objects: [HubSpotObject] = []
        for result in results { objects.append(try HubSpotObject(json: result)) }
        self.init(total: Int(json["total"]?.intValue ?? Int64(objects.count)), results: objects,
                  nextAfter: json["paging"]?["next"]?["after"]?.stringValue)
    }
}

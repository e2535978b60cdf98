import Base

/// The decoded query string of a request, in order, with repeated names kept.
///
/// ```swift
/// let query = try QueryParameters(parsing: "q=John%20Smith&limit=10")
/// query["q"] // "John Smith"
/// ```
public struct QueryParameters: Sendable, Equatable {
    public private(set) var pairs: [(name: String, value: String)]

    public init() { pairs = [] }

    /// Parses `application/x-www-form-urlencoded` text. A malformed escape or invalid UTF-8 is a
    /// 400, not a silently different query.
    public init(parsing text: String) throws(HTTPError) {
        pairs = []
        for item in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = PercentDecoding.decode(parts[0], plusAsSpace: true),
                  let value = PercentDecoding.decode(parts.count > 1 ? parts[1] : "", plusAsSpace: true)
            else {
                throw HTTPError(.badRequest, code: "invalid_query",
                                message: "The query string has a malformed percent-escape or is not UTF-8.")
            }
            pairs.append((name, value))
        }
    }

    /// The first value given for `name`.
    public subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// A page size from `limit`: `defaultLimit` when absent, else a whole number in 1…`max`, or
    /// a 400 `invalid_limit` saying so.
    public func limit(default defaultLimit: Int, max: Int) throws(HTTPError) -> Int {
        guard let text = self["limit"] else { return defaultLimit }
        guard let value = Int(text), (1...max).contains(value) else {
            throw HTTPError(.badRequest, code: "invalid_limit", message: "limit must be a whole number from 1 to \(max).")
        }
        return value
    }

    /// Every value given for `name`, in order.
    public func values(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    public static func == (lhs: QueryParameters, rhs: QueryParameters) -> Bool {
        lhs.pairs.elementsEqual(rhs.pairs) { $0.name == $1.name && $0.value == $1.value }
    }
}

import JSON

/// Call counters for `GET /__emulator/stats`: every call to an emulated operation counts,
/// whatever its answer; 429s from the rate limiter and injected faults are counted separately.
struct Stats {
    var calls: [HubSpotEndpoint: Int] = [:]
    var statuses: [Int: Int] = [:]
    var rateLimited = 0
    var faulted = 0
    /// The last search bodies, oldest first (parsed JSON, or the raw text when not JSON).
    var recentSearches: [JSONValue] = []

    static let recentLimit = 50

    mutating func recordSearch(_ body: [UInt8]) {
        let value = (try? JSONValue(parsing: body)) ?? .string(String(decoding: body, as: UTF8.self))
        recentSearches.append(value)
        if recentSearches.count > Self.recentLimit { recentSearches.removeFirst(recentSearches.count - Self.recentLimit) }
    }

    var json: JSONValue {
        var calls = JSONObject()
        for endpoint in HubSpotEndpoint.allCases { calls[endpoint.rawValue] = .int(Int64(self.calls[endpoint, default: 0])) }
        var statuses = JSONObject()
        for status in self.statuses.keys.sorted() { statuses[String(status)] = .int(Int64(self.statuses[status]!)) }
        return ["calls": .object(calls), "statuses": .object(statuses), "rateLimited": .int(Int64(rateLimited)),
                "faulted": .int(Int64(faulted)), "recentSearches": .array(recentSearches)]
    }
}

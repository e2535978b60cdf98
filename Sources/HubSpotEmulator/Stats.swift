import Base
import JSON

/// Call counters for `GET /__emulator/stats`: every call to an emulated operation counts,
/// whatever its answer; 429s from the rate limiter and injected faults are counted separately.
struct Stats {
    var calls: [HubSpotEndpoint: Int] = [:]
    var statuses: [Int: Int] = [:]
    var rateLimited = 0
    var faulted = 0
    /// Writes committed whose answer was then dropped (the lost-response fault).
    var lostAnswers = 0
    var communications = CommunicationStats()
    /// The last search bodies, oldest first (parsed JSON, or the raw text when not JSON).
    var recentSearches: [JSONValue] = []
    /// The most searches that arrived within any one second (a sliding window, every token
    /// together): what a stack, or a cluster of them, asked of the account at its busiest.
    var peakSearchesPerSecond = 0
    /// Arrival times of the searches of the last second, oldest first.
    private var lastSecondOfSearches: [UInt64] = []

    static let recentLimit = 50

    mutating func recordSearchArrival(at now: MonotonicTime) {
        lastSecondOfSearches.removeAll { now.nanoseconds &- $0 >= 1_000_000_000 }
        lastSecondOfSearches.append(now.nanoseconds)
        peakSearchesPerSecond = max(peakSearchesPerSecond, lastSecondOfSearches.count)
    }

    mutating func recordSearch(_ body: [UInt8]) {
        let value = (try? JSONValue(parsing: body)) ?? .string(String(decoding: body, as: UTF8.self))
        recentSearches.append(value)
        if recentSearches.count > Self.recentLimit { recentSearches.removeFirst(recentSearches.count - Self.recentLimit) }
    }

    /// Counts an answered call's status, and the communications counters it moves.
    mutating func recordAnswer(_ endpoint: HubSpotEndpoint, status: Int) {
        statuses[status, default: 0] += 1
        guard endpoint.isCommunications else { return }
        if status == 207 { communications.multiStatus += 1 }
        if status == 429 { communications.rateLimited += 1 }
    }

    func json(webhooks: JSONValue) -> JSONValue {
        var calls = JSONObject()
        for endpoint in HubSpotEndpoint.allCases { calls[endpoint.rawValue] = .int(Int64(self.calls[endpoint, default: 0])) }
        var statuses = JSONObject()
        for status in self.statuses.keys.sorted() { statuses[String(status)] = .int(Int64(self.statuses[status]!)) }
        return ["calls": .object(calls), "statuses": .object(statuses), "rateLimited": .int(Int64(rateLimited)),
                "faulted": .int(Int64(faulted)), "lostAnswers": .int(Int64(lostAnswers)),
                "communications": communications.json, "webhooks": webhooks,
                "recentSearches": .array(recentSearches),
                "peakSearchesPerSecond": .int(Int64(peakSearchesPerSecond))]
    }
}

/// What the outbox tests watch: how many communications exist, how they were asked for, and
/// the one number that must stay 0 — `duplicates`, the same body for the same contact at the
/// same `hs_timestamp` created again.
struct CommunicationStats {
    /// Communications stored (single and batch creates).
    var created = 0
    /// `batch/create` calls that reached the store (refused ones excepted).
    var batchCalls = 0
    /// Creates whose body, contacts and `hs_timestamp` equal an earlier communication's.
    var duplicates = 0
    /// 207 multi-status answers.
    var multiStatus = 0
    /// 429 answers on the communications endpoints, from the limiter or injected.
    var rateLimited = 0
    var json: JSONValue {
        ["created": .int(Int64(created)), "batchCalls": .int(Int64(batchCalls)), "duplicates": .int(Int64(duplicates)),
         "multiStatus": .int(Int64(multiStatus)), "rateLimited": .int(Int64(rateLimited))]
    }
}

import JSON

/// Counters for `GET /__emulator/stats`. Every API call counts once under its endpoint's
/// statuses, whatever answered it (the validation, the limiter or a fault).
struct Stats: Sendable {
    /// Status → count, per endpoint.
    var statuses: [OpenPhoneEndpoint: [Int: Int]] = [:]
    var rateLimited = 0
    var faulted = 0
    var unauthorized = 0
    var inbound = 0
    var webhooksDelivered = 0
    var webhooksFailed = 0
    var webhookAttempts = 0
    var webhookRetries = 0
    var webhooksSkipped = 0

    mutating func count(_ endpoint: OpenPhoneEndpoint, status: Int) {
        statuses[endpoint, default: [:]][status, default: 0] += 1
    }

    func json(pendingWebhooks: Int) -> JSONValue {
        let sends = statuses[.sendMessage] ?? [:]
        var rejected = JSONObject()
        for status in sends.keys.sorted() where status != 202 { rejected[String(status)] = .int(Int64(sends[status]!)) }
        var byEndpoint = JSONObject()
        for endpoint in OpenPhoneEndpoint.allCases {
            var object = JSONObject()
            let counts = statuses[endpoint] ?? [:]
            for status in counts.keys.sorted() { object[String(status)] = .int(Int64(counts[status]!)) }
            byEndpoint[endpoint.rawValue] = .object(object)
        }
        return ["sends": ["accepted": .int(Int64(sends[202] ?? 0)), "rejected": .object(rejected)],
                "statuses": .object(byEndpoint), "rateLimited": .int(Int64(rateLimited)),
                "faulted": .int(Int64(faulted)), "unauthorized": .int(Int64(unauthorized)),
                "inbound": .int(Int64(inbound)),
                "webhooks": ["delivered": .int(Int64(webhooksDelivered)), "failed": .int(Int64(webhooksFailed)),
                             "attempts": .int(Int64(webhookAttempts)), "retries": .int(Int64(webhookRetries)),
                             "skipped": .int(Int64(webhooksSkipped)), "pending": .int(Int64(pendingWebhooks))]]
    }
}

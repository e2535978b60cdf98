import EmulatorSupport
import JSON

/// Injected misbehaviour, set through `POST /__emulator/faults`. Each POST changes only the
/// settings it names; `endpoint` (optional) restricts the settings in the same body to one
/// operation. `DELETE /__emulator/faults` and reset clear everything.
///
/// ```json
/// {"latencyMs": 200}                                   every call waits 200 ms first
/// {"status": 503, "count": 3, "endpoint": "search"}    the next 3 searches answer 503
/// {"status": 429, "retryAfter": 2}                     every call: 429 with Retry-After: 2
/// {"status": 502, "body": "<html>Bad gateway</html>"}  a raw (non-JSON) body, like a gateway
/// {"mode": "down"}                                     connections close without an answer
/// {"mode": "timeout", "timeoutMs": 30000}              no answer until the client gives up
/// {"mode": "normal"}
/// {"indexLagMs": 3000}                                 new contacts reach search 3 s later
/// {"status": 429, "every": 5, "endpoint": "communicationsBatchCreate"}
///                                                      every 5th batch create answers 429
/// {"loseAnswer": {"mode": "close", "count": 1}, "endpoint": "communicationsBatchCreate"}
///                                                      the next batch is stored, then the
///                                                      connection closes without an answer
/// {"loseAnswer": {"mode": "stall"}}                    every write commits, then stalls for
///                                                      timeoutMs (a client's timeout)
/// {"loseAnswer": null}
/// ```
///
/// A periodic status (`every`) counts the calls to its endpoint (all calls without one) and
/// fails the N-th, 2N-th, …; with `count` it stops after that many failures. The 429 it answers
/// is HubSpot's TEN_SECONDLY_ROLLING body unless `policyName` says otherwise.
struct Faults {
    enum Mode: String { case normal, down, timeout }

    struct StatusFault: CountedFault {
        var status: Int
        /// Calls still to fail; nil means until cleared.
        var remaining: Int?
        var endpoint: HubSpotEndpoint?
        var message: String?
        var category: String?
        var retryAfter: Int?
        var policyName: String?
        var rawBody: String?
        /// Fails one call in `every` (1: each call).
        var every = 1
        /// Calls seen that the fault applies to, for `every`.
        var seen = 0
    }

    /// "Commit, then lose the answer": a write that succeeded is stored, and then the
    /// connection is closed (or held until the client gives up) instead of answered.
    struct LostAnswer: CountedFault {
        enum Mode: String { case close, stall }
        var mode: Mode
        var remaining: Int?
        var endpoint: HubSpotEndpoint?
    }

    static let maxWaitMs = 60_000

    var latencyMs = 0
    var latencyEndpoint: HubSpotEndpoint?
    var mode = Mode.normal
    var modeEndpoint: HubSpotEndpoint?
    var timeoutMs = maxWaitMs
    var statusFault: StatusFault?
    var lostAnswer: LostAnswer?
    var indexLagMs = 0

    private static let keys: Set<String> = ["endpoint", "latencyMs", "status", "count", "message", "category",
                                            "retryAfter", "policyName", "body", "mode", "timeoutMs", "indexLagMs",
                                            "every", "loseAnswer"]

    /// Applies a POST body; a message saying what is wrong otherwise (nothing is changed then).
    mutating func apply(_ json: JSONValue) -> String? {
        guard let object = json.objectValue else { return "the body must be a JSON object" }
        if let unknown = object.keys.first(where: { !Self.keys.contains($0) }) {
            return "unknown setting \"\(unknown)\"; known: \(Self.keys.sorted().joined(separator: ", "))"
        }
        var next = self
        var endpoint: HubSpotEndpoint?
        if let name = object["endpoint"], !name.isNull {
            guard let text = name.stringValue, let parsed = HubSpotEndpoint(rawValue: text) else {
                return "endpoint must be one of \(HubSpotEndpoint.allCases.map(\.rawValue).joined(separator: ", "))"
            }
            endpoint = parsed
        }
        if let value = object["latencyMs"] {
            guard let ms = value.intValue, (0...Int64(Self.maxWaitMs)).contains(ms) else {
                return "latencyMs must be 0…\(Self.maxWaitMs)"
            }
            next.latencyMs = Int(ms)
            next.latencyEndpoint = endpoint
        }
        if let value = object["mode"] {
            guard let text = value.stringValue, let mode = Mode(rawValue: text) else {
                return "mode must be normal, down or timeout"
            }
            next.mode = mode
            next.modeEndpoint = endpoint
        }
        if let value = object["timeoutMs"] {
            guard let ms = value.intValue, (1...Int64(Self.maxWaitMs)).contains(ms) else {
                return "timeoutMs must be 1…\(Self.maxWaitMs)"
            }
            next.timeoutMs = Int(ms)
        }
        if let value = object["indexLagMs"] {
            guard let ms = value.intValue, (0...600_000).contains(ms) else { return "indexLagMs must be 0…600000" }
            next.indexLagMs = Int(ms)
        }
        if let value = object["status"] {
            if value.isNull {
                next.statusFault = nil
            } else {
                guard let status = value.intValue, (400...599).contains(status) else { return "status must be 400…599" }
                var fault = StatusFault(status: Int(status), endpoint: endpoint)
                if let count = object["count"], !count.isNull {
                    guard let n = count.intValue, n >= 1 else { return "count must be a positive integer" }
                    fault.remaining = Int(n)
                }
                if let retry = object["retryAfter"], !retry.isNull {
                    guard let seconds = retry.intValue, seconds >= 0 else { return "retryAfter must be seconds" }
                    fault.retryAfter = Int(seconds)
                }
                if let every = object["every"], !every.isNull {
                    guard let n = every.intValue, (1...1_000_000).contains(n) else {
                        return "every must be a positive integer (1 fails each call)"
                    }
                    fault.every = Int(n)
                    if status == 429 { fault.policyName = "TEN_SECONDLY_ROLLING" }
                }
                fault.message = object["message"]?.stringValue
                fault.category = object["category"]?.stringValue
                if let policy = object["policyName"]?.stringValue { fault.policyName = policy }
                fault.rawBody = object["body"]?.stringValue
                next.statusFault = fault
            }
        } else if ["count", "message", "category", "retryAfter", "policyName", "body", "every"]
            .contains(where: { object[$0] != nil }) {
            return "count, every, message, category, retryAfter, policyName and body go with status"
        }
        if let value = object["loseAnswer"] {
            if value.isNull {
                next.lostAnswer = nil
            } else {
                guard let settings = value.objectValue,
                      settings.keys.allSatisfy({ $0 == "mode" || $0 == "count" }),
                      let mode = LostAnswer.Mode(rawValue: settings["mode"]?.stringValue ?? "close")
                else { return "loseAnswer must be {\"mode\": \"close\"|\"stall\", \"count\": N} or null" }
                var lost = LostAnswer(mode: mode, endpoint: endpoint)
                if let count = settings["count"], !count.isNull {
                    guard let n = count.intValue, n >= 1 else { return "loseAnswer.count must be a positive integer" }
                    lost.remaining = Int(n)
                }
                next.lostAnswer = lost
            }
        }
        self = next
        return nil
    }

    /// The status fault `endpoint`'s call gets, if any: periodic faults count the call first.
    mutating func takeStatus(for endpoint: HubSpotEndpoint) -> StatusFault? {
        guard var fault = statusFault, fault.endpoint == nil || fault.endpoint == endpoint else { return nil }
        fault.seen += 1
        statusFault = fault
        guard fault.seen % fault.every == 0 else { return nil }
        return statusFault.take(for: endpoint)
    }

    /// The mode that applies to `endpoint`.
    func mode(for endpoint: HubSpotEndpoint) -> Mode {
        modeEndpoint == nil || modeEndpoint == endpoint ? mode : .normal
    }

    func latency(for endpoint: HubSpotEndpoint) -> Int {
        latencyEndpoint == nil || latencyEndpoint == endpoint ? latencyMs : 0
    }

    var json: JSONValue {
        var object: JSONObject = ["mode": .string(mode.rawValue), "latencyMs": .int(Int64(latencyMs)),
                                  "timeoutMs": .int(Int64(timeoutMs)), "indexLagMs": .int(Int64(indexLagMs))]
        if let modeEndpoint { object["modeEndpoint"] = .string(modeEndpoint.rawValue) }
        if let latencyEndpoint { object["latencyEndpoint"] = .string(latencyEndpoint.rawValue) }
        if let fault = statusFault {
            var status: JSONObject = ["status": .int(Int64(fault.status))]
            status["remaining"] = fault.remaining.map { .int(Int64($0)) } ?? .null
            if let endpoint = fault.endpoint { status["endpoint"] = .string(endpoint.rawValue) }
            if let retry = fault.retryAfter { status["retryAfter"] = .int(Int64(retry)) }
            if fault.every > 1 { status["every"] = .int(Int64(fault.every)) }
            object["statusFault"] = .object(status)
        } else {
            object["statusFault"] = .null
        }
        if let lost = lostAnswer {
            var settings: JSONObject = ["mode": .string(lost.mode.rawValue)]
            settings["remaining"] = lost.remaining.map { .int(Int64($0)) } ?? .null
            if let endpoint = lost.endpoint { settings["endpoint"] = .string(endpoint.rawValue) }
            object["loseAnswer"] = .object(settings)
        } else {
            object["loseAnswer"] = .null
        }
        return .object(object)
    }
}

extension Faults.StatusFault {
    /// The answer HubSpot would give with this status: its rate-limit, auth or scope bodies for
    /// 429/401/403, a generic error body otherwise (or the raw `body` given).
    func error(requiredScope: String) -> APIError {
        var error: APIError
        switch status {
        case 429: error = .rateLimited(policy: policyName ?? "SECONDLY")
        case 401: error = .invalidAuthentication
        case 403: error = .missingScopes([requiredScope])
        default:
            error = APIError(status: status, category: category ?? Self.defaultCategory(status),
                             message: message ?? Self.defaultMessage(status))
        }
        if let message, status == 429 || status == 401 || status == 403 { error.message = message }
        if let category { error.category = category }
        if let retryAfter { error.headers.append(.init(name: "Retry-After", value: String(retryAfter))) }
        return error
    }

    private static func defaultCategory(_ status: Int) -> String {
        switch status {
        case 404: "OBJECT_NOT_FOUND"
        case 409: "CONFLICT"
        case 423: "LOCKED"
        case 400..<500: "VALIDATION_ERROR"
        default: "INTERNAL_ERROR"
        }
    }

    private static func defaultMessage(_ status: Int) -> String {
        switch status {
        case 423: "The record is locked; retry in a few seconds."
        case 500: "internal error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "injected error \(status)"
        }
    }
}

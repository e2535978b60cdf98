import EmulatorSupport
import HTTPServer
import JSON

/// Injected misbehaviour, set by `POST /__emulator/fault` (which replaces the fault held) and
/// cleared by `DELETE /__emulator/fault` or reset. It applies before authentication, to the
/// `count` next API calls (every call when absent), of one `endpoint` when given.
///
/// ```json
/// {"status": 503, "count": 3}                      the next 3 calls answer 503
/// {"status": 429, "retryAfter": 2}                 every call: 429 with Retry-After: 2
/// {"latencyMs": 800, "endpoint": "messages"}       sends answer normally, 800 ms late
/// {"status": 500, "latencyMs": 300, "count": 1}    one late 500
/// {"mode": "stall", "stallMs": 30000, "count": 1}  no answer until the client gives up (or 30 s)
/// {"mode": "close"}                                the connection closes without an answer
/// ```
struct Fault: CountedFault, Sendable {
    enum Mode: String, Sendable { case answer, stall, close }

    var mode = Mode.answer
    var status: Int?
    var latencyMs = 0
    var stallMs = Fault.maxWaitMs
    var retryAfter: Int?
    var message: String?
    var endpoint: OpenPhoneEndpoint?
    /// Calls still affected; nil means until cleared.
    var remaining: Int?

    static let maxWaitMs = 120_000
    private static let keys: Set<String> = ["mode", "status", "latencyMs", "stallMs", "retryAfter", "message",
                                            "endpoint", "count"]

    /// Reads a POST body; a message saying what is wrong otherwise.
    static func parse(_ json: JSONValue) -> Result<Fault, ControlError> {
        guard let object = json.objectValue else { return .failure("the body must be a JSON object") }
        if let unknown = object.keys.first(where: { !keys.contains($0) }) {
            return .failure(ControlError("unknown setting \"\(unknown)\"; known: \(keys.sorted().joined(separator: ", "))"))
        }
        var fault = Fault()
        if let value = object["mode"] {
            guard let text = value.stringValue, let mode = Mode(rawValue: text) else {
                return .failure("mode must be answer, stall or close")
            }
            fault.mode = mode
        }
        if let value = object["status"] {
            guard let status = value.intValue, (400...599).contains(status) else { return .failure("status must be 400…599") }
            fault.status = Int(status)
        }
        if let value = object["latencyMs"] {
            guard let ms = value.intValue, (0...Int64(maxWaitMs)).contains(ms) else {
                return .failure(ControlError("latencyMs must be 0…\(maxWaitMs)"))
            }
            fault.latencyMs = Int(ms)
        }
        if let value = object["stallMs"] {
            guard let ms = value.intValue, (1...Int64(maxWaitMs)).contains(ms) else {
                return .failure(ControlError("stallMs must be 1…\(maxWaitMs)"))
            }
            fault.stallMs = Int(ms)
        }
        if let value = object["retryAfter"] {
            guard let seconds = value.intValue, (0...3600).contains(seconds) else { return .failure("retryAfter must be 0…3600 seconds") }
            fault.retryAfter = Int(seconds)
        }
        if let value = object["message"] {
            guard let text = value.stringValue else { return .failure("message must be a string") }
            fault.message = text
        }
        if let value = object["endpoint"], !value.isNull {
            guard let text = value.stringValue, let endpoint = OpenPhoneEndpoint(rawValue: text) else {
                return .failure(ControlError("endpoint must be one of \(OpenPhoneEndpoint.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            fault.endpoint = endpoint
        }
        if let value = object["count"], !value.isNull {
            guard let count = value.intValue, count >= 1 else { return .failure("count must be a positive integer") }
            fault.remaining = Int(count)
        }
        guard fault.mode != .answer || fault.status != nil || fault.latencyMs > 0 else {
            return .failure("a fault needs a status, a latencyMs, or mode stall or close")
        }
        return .success(fault)
    }

    /// The answer this fault gives instead of the real one, nil when it only adds latency.
    func replacement() -> ServerResponse? {
        switch mode {
        case .close: return .closeWithoutAnswer
        case .stall: return .stall(seconds: Double(stallMs) / 1000)
        case .answer:
            guard let status else { return nil }
            var error = APIError.injected(status: status, message: message)
            if let retryAfter { error.headers.append(HTTPField(name: "Retry-After", value: String(retryAfter))) }
            return error.response()
        }
    }

    var json: JSONValue {
        var object: JSONObject = ["mode": .string(mode.rawValue), "latencyMs": .int(Int64(latencyMs))]
        object["status"] = status.map { .int(Int64($0)) } ?? .null
        if mode == .stall { object["stallMs"] = .int(Int64(stallMs)) }
        if let retryAfter { object["retryAfter"] = .int(Int64(retryAfter)) }
        if let message { object["message"] = .string(message) }
        object["endpoint"] = endpoint.map { .string($0.rawValue) } ?? .null
        object["remaining"] = remaining.map { .int(Int64($0)) } ?? .null
        return .object(object)
    }
}

/// A control request the emulator cannot apply, with the reason.
struct ControlError: Error, Sendable, ExpressibleByStringLiteral {
    var message: String
    init(_ message: String) { self.message = message }
    init(stringLiteral message: String) { self.message = message }
}

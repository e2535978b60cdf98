/// One handled API or control request, for the executable's access log: never headers,
/// credentials or bodies.
///
/// ```swift
/// configuration.onRequest = { record in process.log(record) }
/// ```
public struct RequestRecord<Endpoint: RawRepresentable<String> & Sendable>: Sendable {
    public var method: String
    public var path: String
    /// The emulated operation, nil for control and unknown paths.
    public var endpoint: Endpoint?
    /// The status answered; nil when the connection was closed or stalled.
    public var status: Int?
    public var outcome: RequestOutcome
    public var milliseconds: Double
    /// The label of the credential that authenticated the call (`full`, `read-only`), never the
    /// credential; nil when none did or the emulator does not tell credentials apart.
    public var credentialLabel: String?

    public init(method: String, path: String, endpoint: Endpoint? = nil, status: Int? = nil,
                outcome: RequestOutcome = .answered, milliseconds: Double = 0, credentialLabel: String? = nil) {
        self.method = method
        self.path = path
        self.endpoint = endpoint
        self.status = status
        self.outcome = outcome
        self.milliseconds = milliseconds
        self.credentialLabel = credentialLabel
    }

    /// The access-log fields, in their order: method, path, endpoint, outcome, ms (one decimal),
    /// status, auth.
    public var logFields: [(key: String, value: String)] {
        var fields: [(key: String, value: String)] = [("method", method), ("path", path)]
        if let endpoint { fields.append(("endpoint", endpoint.rawValue)) }
        fields += [("outcome", outcome.rawValue), ("ms", String(Double(Int(milliseconds * 10)) / 10))]
        if let status { fields.append(("status", String(status))) }
        if let credentialLabel { fields.append(("auth", credentialLabel)) }
        return fields
    }
}

/// What became of a request, from the response's ``HTTPServer/ServerResponse/Action``.
public enum RequestOutcome: String, Sendable, Equatable {
    /// A status line went out.
    case answered
    /// The connection was closed without an answer (an injected outage).
    case closed
    /// The connection was held without an answer (an injected timeout).
    case stalled
}

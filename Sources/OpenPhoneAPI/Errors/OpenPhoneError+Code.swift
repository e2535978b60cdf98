import Base

extension OpenPhoneError {
    /// The error's code, as logs and the endpoints' JSON errors show it. Stable: clients and
    /// dashboards match on it.
    public var code: String {
        switch kind.base {
        case .invalidRequest: "openphone_invalid_request"
        case .unauthorized: "openphone_unauthorized"
        case .notAllowed: "openphone_not_allowed"
        case .notFound: "openphone_not_found"
        case .rateLimited: "openphone_rate_limited"
        case .unavailable: "openphone_unavailable"
        case .timeout: "openphone_timeout"
        case .notConfigured: "openphone_not_configured"
        case .invalidResponse: "openphone_invalid_response"
        }
    }

    /// The same error with `key` cut out of every text that came from outside (OpenPhone's
    /// message and code, curl's wording): the one place the client's errors pass before they
    /// are thrown.
    func redacting(_ key: Secret?) -> OpenPhoneError {
        guard let key else { return self }
        return OpenPhoneError(kind: kind, message: key.redact(message), status: status,
                              openPhoneCode: openPhoneCode.map(key.redact), retryAfter: retryAfter,
                              mayHaveBeenSent: mayHaveBeenSent)
    }
}

import SharedCache

/// HubSpot's counters in the shared cache file, beside the cache's own: what only the contact
/// answers know (not-found answers, calls made to HubSpot, HubSpot's errors by kind). Their names
/// are the admin stats' JSON keys and Prometheus metric names: dashboards match on them.
extension CallerCounter {
    /// Answers "not in HubSpot".
    public static let notFoundAnswers = CallerCounter(slot: 0, name: "not_found_answers")
    /// Calls made to HubSpot for lookups (searches).
    public static let upstreamCalls = CallerCounter(slot: 1, name: "upstream_calls")
    public static let upstreamErrorUnauthorized = CallerCounter(slot: 2, name: "upstream_error_unauthorized")
    public static let upstreamErrorMissingScopes = CallerCounter(slot: 3, name: "upstream_error_missing_scopes")
    public static let upstreamErrorRateLimited = CallerCounter(slot: 4, name: "upstream_error_rate_limited")
    public static let upstreamErrorUnavailable = CallerCounter(slot: 5, name: "upstream_error_unavailable")
    public static let upstreamErrorTimeout = CallerCounter(slot: 6, name: "upstream_error_timeout")
    /// HubSpot's answers of no use to a lookup: not understood, or a request refused (4xx).
    public static let upstreamErrorInvalidResponse = CallerCounter(slot: 7, name: "upstream_error_invalid_response")
    public static let upstreamErrorOther = CallerCounter(slot: 8, name: "upstream_error_other")

    /// Every HubSpot counter, in the order the stats list them.
    public static let hubSpot: [CallerCounter] = [
        .notFoundAnswers, .upstreamCalls, .upstreamErrorUnauthorized, .upstreamErrorMissingScopes,
        .upstreamErrorRateLimited, .upstreamErrorUnavailable, .upstreamErrorTimeout,
        .upstreamErrorInvalidResponse, .upstreamErrorOther,
    ]

    /// The counter a HubSpot error of `kind` is counted under.
    public static func upstreamError(_ kind: HubSpotError.Kind) -> CallerCounter {
        switch kind.base {
        case .unauthorized: .upstreamErrorUnauthorized
        case .missingScopes: .upstreamErrorMissingScopes
        case .rateLimited: .upstreamErrorRateLimited
        case .unavailable: .upstreamErrorUnavailable
        case .timeout: .upstreamErrorTimeout
        case .invalidResponse, .invalidRequest, .notFound: .upstreamErrorInvalidResponse
        case .alreadyExists: .upstreamErrorOther
        }
    }
}

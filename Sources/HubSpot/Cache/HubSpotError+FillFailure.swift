import SharedCache

extension HubSpotError.Kind {
    /// The kind as a fill's failure code, so a process that waited on another's fill learns
    /// the kind it failed with. Codes are shared between processes: never renumber one.
    var fillFailureCode: FillFailureCode {
        switch base {
        case .unauthorized: FillFailureCode(1)
        case .missingScopes: FillFailureCode(2)
        case .rateLimited: FillFailureCode(3)
        case .unavailable: FillFailureCode(4)
        case .timeout: FillFailureCode(5)
        case .invalidResponse: FillFailureCode(6)
        case .notFound: FillFailureCode(7)
        case .invalidRequest: FillFailureCode(8)
        case .alreadyExists: FillFailureCode(9)
        }
    }

    /// The kind of `code`, nil for a code no kind has (a `produce` that threw).
    init?(fillFailureCode code: FillFailureCode) {
        let kinds: [HubSpotError.Kind] = [.unauthorized, .missingScopes, .rateLimited, .unavailable, .timeout,
                                          .invalidResponse, .notFound, .invalidRequest, .alreadyExists]
        guard let kind = kinds.first(where: { $0.fillFailureCode == code }) else { return nil }
        self = kind
    }
}

extension HubSpotError {
    /// The failure another process's fill reported: the kind is shared, its detail (message,
    /// status, scopes) stays in that process's log.
    static func fromSharedFailure(_ code: FillFailureCode) -> HubSpotError {
        switch HubSpotError.Kind(fillFailureCode: code)?.base {
        case .unauthorized: .unauthorized
        case .missingScopes: .missingScopes([])
        case .rateLimited: .rateLimited(retryAfter: 1)
        case .timeout: HubSpotError(kind: .timeout, message: "HubSpot did not answer in time")
        case .invalidResponse: .invalidResponse("see the responder's log")
        case .notFound: .notFound
        case .invalidRequest: HubSpotError(kind: .invalidRequest, message: "HubSpot refused the request")
        case .alreadyExists: HubSpotError(kind: .alreadyExists, message: "HubSpot already has this contact",
                                          retryAfter: 2)
        case .unavailable, nil: .unavailable(status: nil, reason: "HubSpot could not answer")
        }
    }
}

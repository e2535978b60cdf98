extension HubSpotError {
    /// The error's code, as logs, health and the endpoints' JSON errors show it.
    public var code: String {
        switch kind {
        case .unauthorized: "hubspot_unauthorized"
        case .missingScopes: "hubspot_missing_scopes"
        case .rateLimited: "rate_limited"
        case .unavailable: "hubspot_unavailable"
        case .timeout: "hubspot_timeout"
        case .invalidResponse: "hubspot_invalid_response"
        case .alreadyExists: "hubspot_duplicate"
        }
    }
}

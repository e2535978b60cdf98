extension HubSpotError {
    /// The error's code, as logs, health and the endpoints' JSON errors show it. Stable: clients
    /// and dashboards match on it (nginx/openapi.yaml lists those an endpoint can answer).
    public var code: String {
        switch kind.base {
        case .unauthorized: "hubspot_unauthorized"
        case .missingScopes: "hubspot_missing_scopes"
        case .rateLimited: "rate_limited"
        case .unavailable: "hubspot_unavailable"
        case .timeout: "hubspot_timeout"
        case .invalidResponse: "hubspot_invalid_response"
        case .notFound: "hubspot_not_found"
        case .invalidRequest: "hubspot_invalid_request"
        case .alreadyExists: "hubspot_duplicate"
        }
    }
}

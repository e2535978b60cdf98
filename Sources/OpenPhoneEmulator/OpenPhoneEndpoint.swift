/// The emulated OpenPhone operations, as named in stats and fault filters.
public enum OpenPhoneEndpoint: String, CaseIterable, Sendable {
    /// `POST /v1/messages`
    case sendMessage = "messages"
    /// `GET /v1/phone-numbers`
    case phoneNumbers = "phone-numbers"

    /// Which operation `method` + `path` is; `.failure` carries OpenPhone's 404 or 405.
    static func route(method: String, path: String) -> Result<OpenPhoneEndpoint, APIError> {
        let endpoint: OpenPhoneEndpoint, allowed: String
        switch path {
        case "/v1/messages", "/v1/messages/": (endpoint, allowed) = (.sendMessage, "POST")
        case "/v1/phone-numbers", "/v1/phone-numbers/": (endpoint, allowed) = (.phoneNumbers, "GET")
        default: return .failure(.notFound("The emulator does not emulate \(method) \(path)"))
        }
        guard method == allowed else { return .failure(.methodNotAllowed(method, path)) }
        return .success(endpoint)
    }
}

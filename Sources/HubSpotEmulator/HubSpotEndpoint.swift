/// The emulated HubSpot operations, as named in stats and fault scopes.
public enum HubSpotEndpoint: String, CaseIterable, Sendable {
    /// `POST /crm/v3/objects/contacts/search`
    case search
    /// `GET /crm/v3/objects/contacts`
    case list
    /// `GET /crm/v3/objects/contacts/{contactId}`
    case get
    /// `POST /crm/v3/objects/contacts`
    case create
    /// `GET /crm/v3/objects/companies/{companyId}`
    case company

    /// The scope HubSpot requires for the operation.
    var requiredScope: String {
        switch self {
        case .search, .list, .get: Scope.contactsRead
        case .create: Scope.contactsWrite
        case .company: Scope.companiesRead
        }
    }

    /// Which operation `method` + `path` is; `.failure` carries 404 or 405.
    static func route(method: String, path: String, segments: [String]) -> Result<(HubSpotEndpoint, String?), APIError> {
        guard segments.count >= 4, segments[0] == "crm", segments[1] == "v3", segments[2] == "objects" else {
            return .failure(notEmulated(method, path, status: 404))
        }
        switch (segments[3], segments.count) {
        case ("contacts", 5) where segments[4] == "search":
            return method == "POST" ? .success((.search, nil)) : .failure(notEmulated(method, path, status: 405))
        case ("contacts", 4):
            if method == "GET" { return .success((.list, nil)) }
            if method == "POST" { return .success((.create, nil)) }
            return .failure(notEmulated(method, path, status: 405))
        case ("contacts", 5):
            return method == "GET" ? .success((.get, segments[4])) : .failure(notEmulated(method, path, status: 405))
        case ("companies", 5):
            return method == "GET" ? .success((.company, segments[4])) : .failure(notEmulated(method, path, status: 405))
        default:
            return .failure(notEmulated(method, path, status: 404))
        }
    }

    private static func notEmulated(_ method: String, _ path: String, status: Int) -> APIError {
        APIError(status: status, category: status == 404 ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR",
                 message: "The HubSpot emulator does not emulate \(method) \(path)")
    }
}

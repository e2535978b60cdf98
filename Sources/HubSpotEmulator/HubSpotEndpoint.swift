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
    /// `PATCH /crm/v3/objects/contacts/{contactId}`
    case update
    /// `DELETE /crm/v3/objects/contacts/{contactId}` (HubSpot calls it archiving)
    case archive
    /// `POST /crm/v3/objects/contacts/merge`
    case merge
    /// `GET /crm/v3/objects/companies/{companyId}`
    case company
    /// `POST /crm/v3/objects/communications`
    case communicationCreate
    /// `POST /crm/v3/objects/communications/batch/create`
    case communicationsBatchCreate
    /// `GET /crm/v3/objects/communications/{communicationId}`
    case communicationGet
    /// `POST /crm/v3/objects/communications/search`
    case communicationsSearch
    /// `GET /crm/v4/associations/{from}/{to}/labels` (also spelled `/crm/associations/v4/…`)
    case associationLabels

    /// The scope HubSpot requires for the operation. Communications need the contact scopes:
    /// HubSpot has no scope of their own.
    var requiredScope: String {
        switch self {
        case .search, .list, .get, .communicationGet, .communicationsSearch, .associationLabels: Scope.contactsRead
        case .create, .update, .archive, .merge, .communicationCreate, .communicationsBatchCreate: Scope.contactsWrite
        case .company: Scope.companiesRead
        }
    }

    /// Searches count against HubSpot's search limit (per second), everything else against the
    /// rolling ten-second one.
    var isSearch: Bool { self == .search || self == .communicationsSearch }

    /// Whether the call writes: what "commit, then lose the answer" applies to.
    var writes: Bool { requiredScope == Scope.contactsWrite }

    /// Whether it is one of the communications calls (their own counters in stats).
    var isCommunications: Bool {
        switch self {
        case .communicationCreate, .communicationsBatchCreate, .communicationGet, .communicationsSearch: true
        default: false
        }
    }

    /// Which operation `method` + `path` is, with the record id and, for association labels,
    /// the object type pair; `.failure` carries 404 or 405.
    static func route(method: String, path: String, segments: [String]) -> Result<Route, APIError> {
        if let pair = associationPair(segments) {
            return method == "GET" ? .success(Route(.associationLabels, pair: pair))
                : .failure(notEmulated(method, path, status: 405))
        }
        guard segments.count >= 4, segments[0] == "crm", segments[1] == "v3", segments[2] == "objects" else {
            return .failure(notEmulated(method, path, status: 404))
        }
        let allowed: [String: HubSpotEndpoint]
        var id: String?
        switch (segments[3], segments.count) {
        case ("contacts", 5) where segments[4] == "search": allowed = ["POST": .search]
        case ("contacts", 5) where segments[4] == "merge": allowed = ["POST": .merge]
        case ("contacts", 4): allowed = ["GET": .list, "POST": .create]
        case ("contacts", 5): (allowed, id) = (["GET": .get, "PATCH": .update, "DELETE": .archive], segments[4])
        case ("companies", 5): (allowed, id) = (["GET": .company], segments[4])
        case ("communications", 4): allowed = ["POST": .communicationCreate]
        case ("communications", 5) where segments[4] == "search": allowed = ["POST": .communicationsSearch]
        case ("communications", 6) where segments[4] == "batch" && segments[5] == "create":
            allowed = ["POST": .communicationsBatchCreate]
        case ("communications", 5): (allowed, id) = (["GET": .communicationGet], segments[4])
        default: return .failure(notEmulated(method, path, status: 404))
        }
        guard let endpoint = allowed[method] else { return .failure(notEmulated(method, path, status: 405)) }
        return .success(Route(endpoint, id: id))
    }

    /// `(from, to)` of `crm/v4/associations/{from}/{to}/labels` or
    /// `crm/associations/v4/{from}/{to}/labels` (HubSpot documents both spellings).
    private static func associationPair(_ segments: [String]) -> (from: String, to: String)? {
        guard segments.count == 6, segments[0] == "crm", segments[5] == "labels",
              (segments[1] == "v4" && segments[2] == "associations") || (segments[1] == "associations" && segments[2] == "v4")
        else { return nil }
        return (segments[3], segments[4])
    }

    private static func notEmulated(_ method: String, _ path: String, status: Int) -> APIError {
        APIError(status: status, category: status == 404 ? "OBJECT_NOT_FOUND" : "VALIDATION_ERROR",
                 message: "The HubSpot emulator does not emulate \(method) \(path)")
    }

    /// A routed call: the operation and what its path names.
    struct Route {
        var endpoint: HubSpotEndpoint
        /// The record id in the path.
        var id: String?
        /// The object types of an association-labels call.
        var pair: (from: String, to: String)?

        init(_ endpoint: HubSpotEndpoint, id: String? = nil, pair: (from: String, to: String)? = nil) {
            self.endpoint = endpoint
            self.id = id
            self.pair = pair
        }
    }
}

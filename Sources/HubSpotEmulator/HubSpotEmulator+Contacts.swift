import HTTPServer
import JSON

// The emulated CRM operations, after auth, scopes and the rate limit have passed.
extension HubSpotEmulator {
    static let maxListLimit = 100

    /// `POST /crm/v3/objects/contacts/search`
    func search(_ request: ServerRequest, behaviour: AccountBehaviour) throws(APIError) -> ServerResponse {
        let (contacts, catalog) = state.withLock { ($0.store.contacts, $0.store.contactCatalog) }
        let parsed = try SearchRequest(parsing: request.body, catalog: catalog)
        if behaviour.calculatedPhoneIN == .refused {
            try parsed.refuseINOnCalculatedPhones()
        }
        let body = Search.run(parsed, over: contacts, catalog: catalog, region: configuration.defaultRegion,
                              now: configuration.clock.now().milliseconds, calculatedPhoneIN: behaviour.calculatedPhoneIN)
        return JSONResponse.make(200, body)
    }

    /// `GET /crm/v3/objects/contacts?limit=&after=&properties=&archived=` — pages in id order;
    /// the cursor is the id of the first record of the next page.
    func list(_ request: ServerRequest) throws(APIError) -> ServerResponse {
        let limit = try Self.queryInteger(request, "limit") ?? 10
        guard (1...Self.maxListLimit).contains(limit) else {
            throw APIError.validation("limit must be between 1 and \(Self.maxListLimit), got \(limit)", in: "limit")
        }
        let after = try Self.queryInteger(request, "after") ?? 0
        let archived = request.queryValues("archived").first == "true"
        let (contacts, catalog) = state.withLock { ($0.store.contacts, $0.store.contactCatalog) }
        let remaining = archived ? [] : contacts.filter { $0.id >= after }
        let page = remaining.prefix(limit)
        var body: JSONObject = ["results": .array(page.map { $0.json(selecting: Self.properties(request), catalog: catalog) })]
        if remaining.count > limit {
            let next = String(remaining[limit].id)
            var nextPage: JSONObject = ["after": .string(next)]
            if let host = request.headers["host"] {
                nextPage["link"] = .string("http://\(host)\(request.path)?limit=\(limit)&after=\(next)")
            }
            body["paging"] = ["next": .object(nextPage)]
        }
        return JSONResponse.make(200, .object(body))
    }

    /// `GET /crm/v3/objects/contacts/{contactId}?properties=&idProperty=`
    func getContact(_ id: String, _ request: ServerRequest) throws(APIError) -> ServerResponse {
        let idProperty = request.queryValues("idProperty").first
        let archived = request.queryValues("archived").first == "true"
        let (found, catalog) = try state.withLock { state throws(APIError) -> (CRMObject?, PropertyCatalog) in
            let store = state.store
            switch idProperty {
            case nil, "hs_object_id": return (Int64(id).flatMap(store.currentContact(id:)), store.contactCatalog)
            case "email": return (store.contact(email: id), store.contactCatalog)
            case let other?:
                throw APIError.validation("idProperty \(other) is not a unique-value property; use email or "
                    + "hs_object_id", in: "idProperty")
            }
        }
        guard let contact = found, !archived else { throw APIError.objectNotFound(id) }
        return JSONResponse.make(200, contact.json(selecting: Self.properties(request), catalog: catalog))
    }

    /// `POST /crm/v3/objects/contacts`
    func create(_ request: ServerRequest, behaviour: AccountBehaviour) throws(APIError) -> ServerResponse {
        let change = try apply { store, now, faults throws(APIError) in
            RecordChange.contactCreated(try store.createContact(request.body, now: now, indexLagMs: faults.indexLagMs,
                                                    duplicateEmail: behaviour.duplicateEmail))
        }
        guard case .contactCreated(let contact)? = change else { throw APIError.objectNotFound("") }
        return JSONResponse.make(201, contact.jsonWithAllSetProperties())
    }

    /// `GET /crm/v3/objects/companies/{companyId}?properties=`
    func getCompany(_ id: String, _ request: ServerRequest) throws(APIError) -> ServerResponse {
        let (found, catalog) = state.withLock { state in
            (Int64(id).flatMap { state.store.companies[$0] }, state.store.companyCatalog)
        }
        guard let company = found else { throw APIError.objectNotFound(id) }
        return JSONResponse.make(200, company.json(selecting: Self.properties(request), catalog: catalog))
    }

    /// `properties=a,b&properties=c` → `["a", "b", "c"]`; nil when none are named.
    static func properties(_ request: ServerRequest) -> [String]? {
        let names = request.queryValues("properties").flatMap { $0.split(separator: ",") }
            .map { String($0).filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
        return names.isEmpty ? nil : names
    }

    private static func queryInteger(_ request: ServerRequest, _ name: String) throws(APIError) -> Int? {
        guard let text = request.queryValues(name).first else { return nil }
        guard let value = SearchRequest.integer(.string(text)) else {
            throw APIError.validation("\(name) must be a non-negative integer, got \"\(text)\"", in: name)
        }
        return value
    }
}

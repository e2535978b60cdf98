import HTTPServer
import JSON

// Communications (messages logged on a contact's timeline): create, batch create, get, search.
extension HubSpotEmulator {
    static let maxBatchInputs = 100

    /// `POST /crm/v3/objects/communications` with `{"properties":{…},"associations":[…]}`.
    func createCommunication(_ request: ServerRequest, behaviour: AccountBehaviour) throws(APIError) -> ServerResponse {
        let json = try Store.parse(request.body)
        let now = configuration.clock.now().milliseconds
        let record = try state.withLock { state throws(APIError) -> CRMObject in
            let input = try Self.check(json, requireAssociations: false, against: state.store)
            return Self.store(input, in: &state, now: now, lag: behaviour.communicationIndexLagMs)
        }
        return JSONResponse.make(201, record.jsonWithAllSetProperties())
    }

    /// `POST /crm/v3/objects/communications/batch/create` with `{"inputs":[…]}` (1…100).
    ///
    /// When every input carries an `objectWriteTraceId`, the valid ones are stored and the others
    /// named in a 207's `errors[].context.objectWriteTraceId`; otherwise one bad input refuses the
    /// whole batch. Either way `results` come in an order of their own, never tied to the
    /// inputs', and without their trace ids, as HubSpot's do.
    func batchCreateCommunications(_ request: ServerRequest, behaviour: AccountBehaviour) throws(APIError)
        -> ServerResponse
    {
        let json = try Store.parse(request.body)
        guard let inputs = json["inputs"]?.arrayValue else {
            throw APIError.validation("The request needs an inputs array", in: "inputs")
        }
        guard (1...Self.maxBatchInputs).contains(inputs.count) else {
            throw APIError.validation("inputs must hold 1 to \(Self.maxBatchInputs) objects, got \(inputs.count)",
                                      in: "inputs")
        }
        let traceIDs = inputs.map { $0["objectWriteTraceId"].flatMap(SearchRequest.scalarText) ?? "" }
        let multiStatus = traceIDs.allSatisfy { !$0.isEmpty }
        if multiStatus, Set(traceIDs).count != traceIDs.count {
            throw APIError.validation("Each input's objectWriteTraceId must be unique in the batch",
                                      in: "objectWriteTraceId")
        }
        let started = configuration.clock.now().milliseconds
        let (created, failures) = try state.withLock { state throws(APIError) -> ([CRMObject], [(String, APIError)]) in
            var valid: [CommunicationInput] = []
            var failures: [(String, APIError)] = []
            for (index, item) in inputs.enumerated() {
                do throws(APIError) {
                    valid.append(try Self.check(item, requireAssociations: true, against: state.store))
                } catch {
                    guard multiStatus else { throw error }
                    failures.append((traceIDs[index], error))
                }
            }
            state.stats.communications.batchCalls += 1
            return (valid.map { Self.store($0, in: &state, now: started, lag: behaviour.communicationIndexLagMs) }, failures)
        }
        let stamp = JSONValue.string(ISO8601.format(milliseconds: started))
        var body: JSONObject = ["status": "COMPLETE",
                                "results": .array(Self.unordered(created).map { $0.jsonWithAllSetProperties() })]
        if !failures.isEmpty {
            body["numErrors"] = .int(Int64(failures.count))
            body["errors"] = .array(failures.map { traceID, error in Self.standardError(error, traceID: traceID) })
        }
        body["startedAt"] = stamp
        body["completedAt"] = .string(ISO8601.format(milliseconds: configuration.clock.now().milliseconds))
        return JSONResponse.make(failures.isEmpty ? 201 : 207, .object(body))
    }

    /// `GET /crm/v3/objects/communications/{id}?properties=&associations=contacts`
    func getCommunication(_ id: String, _ request: ServerRequest) throws(APIError) -> ServerResponse {
        guard let found = state.withLock({ state in Int64(id).flatMap(state.store.communications.communication(id:)) })
        else { throw APIError.objectNotFound(id) }
        guard case .object(var object) = found.json(selecting: Self.properties(request), catalog: .communications) else {
            throw APIError.objectNotFound(id)
        }
        let wanted = request.queryValues("associations").flatMap { $0.split(separator: ",") }.map(String.init)
        if wanted.contains(where: { $0 == "contacts" || $0 == "contact" || $0 == "0-1" }) {
            let ids = found.associations["contact"] ?? []
            var associations = JSONObject()
            if !ids.isEmpty {
                associations["contacts"] = ["results": .array(ids.map { id in
                    ["id": .string(String(id)), "type": "communication_to_contact"]
                })]
            }
            object["associations"] = .object(associations)
        }
        return JSONResponse.make(200, .object(object))
    }

    /// `POST /crm/v3/objects/communications/search`: the contacts search's filters, sorts and
    /// paging over communications, plus `associations.contact`. A new communication is found
    /// only after ``AccountBehaviour/communicationIndexLagMs``.
    func searchCommunications(_ request: ServerRequest) throws(APIError) -> ServerResponse {
        let parsed = try SearchRequest(parsing: request.body, catalog: .communications)
        let records = state.withLock { $0.store.communications.records }
        return JSONResponse.make(200, Search.run(parsed, over: records, catalog: .communications,
                                                 region: configuration.defaultRegion,
                                                 now: configuration.clock.now().milliseconds))
    }

    /// `json` as a communication input whose contacts `store` holds. (The store is passed, not
    /// copied into a closure, so that storing afterwards does not copy every contact.)
    private static func check(_ json: JSONValue, requireAssociations: Bool, against store: Store) throws(APIError)
        -> CommunicationInput
    {
        try CommunicationInput(json, requireAssociations: requireAssociations) { store.contact(id: $0) != nil }
    }

    /// Stores one checked input and counts it (and whether it repeats an earlier one).
    private static func store(_ input: CommunicationInput, in state: inout State, now: Int64, lag: Int) -> CRMObject {
        let (record, duplicate) = state.store.communications.create(input, now: now, indexLagMs: lag)
        state.stats.communications.created += 1
        if duplicate { state.stats.communications.duplicates += 1 }
        return record
    }

    /// `records` in an order of their own (a fixed scramble of the ids, never the input order for
    /// two or more): HubSpot does not promise the inputs' order, and a client must not rely on it.
    static func unordered(_ records: [CRMObject]) -> [CRMObject] {
        let scrambled = records.sorted { ($0.id &* 2_654_435_761) % 4_294_967_296 < ($1.id &* 2_654_435_761) % 4_294_967_296 }
        return scrambled.map(\.id) == records.map(\.id) ? scrambled.reversed() : scrambled
    }

    /// One `errors[]` entry of a 207 (`StandardError`), naming the input by its trace id.
    static func standardError(_ error: APIError, traceID: String) -> JSONValue {
        var object: JSONObject = ["status": "error", "category": .string(error.category), "message": .string(error.message),
                                  "context": ["objectWriteTraceId": [.string(traceID)]]]
        if let details = error.details["errors"] { object["errors"] = details }
        return .object(object)
    }
}

import Base
import HTTPServer
import JSON

// `/__emulator/…`: test controls, no auth. Answers are plain JSON, not HubSpot's error shape,
// except the record changes (`/__emulator/contacts…`, `/__emulator/companies/{id}`), which
// answer like the API calls they stand for.
extension HubSpotEmulator {
    func control(_ request: ServerRequest) -> ServerResponse {
        if let response = recordControl(request) { return response }
        switch (request.method, request.path) {
        case ("POST", "/__emulator/reset"):
            let seed = self.seed.withLock { $0 }
            state.withLock { $0 = State(seed: seed, configuration: configuration) }
            webhooks.reset(randomSeed: configuration.behaviour.randomSeed)
            return Self.controlAnswer(200, ["reset": true, "contacts": .int(Int64(seed.contacts.count)),
                                            "companies": .int(Int64(seed.companies.count))])
        case ("GET", "/__emulator/stats"):
            let counters = webhooks.countersJSON
            return Self.controlAnswer(200, state.withLock { $0.stats.json(webhooks: counters) })
        case ("GET", "/__emulator/webhooks"):
            return Self.controlAnswer(200, webhooks.json)
        case ("GET", "/__emulator/communications"):
            return Self.controlAnswer(200, communicationsJSON())
        case ("GET", "/__emulator/faults"):
            return Self.controlAnswer(200, state.withLock { $0.faults.json })
        case ("POST", "/__emulator/faults"):
            guard let json = try? JSONValue(parsing: request.body) else {
                return Self.controlAnswer(400, ["error": "the body must be JSON"])
            }
            let outcome = state.withLock { state -> Result<JSONValue, ControlError> in
                if let problem = state.faults.apply(json) { return .failure(ControlError(message: problem)) }
                return .success(state.faults.json)
            }
            switch outcome {
            case .success(let faults): return Self.controlAnswer(200, faults)
            case .failure(let error): return Self.controlAnswer(400, ["error": .string(error.message)])
            }
        case ("DELETE", "/__emulator/faults"):
            return Self.controlAnswer(200, state.withLock { state in
                state.faults = Faults()
                return state.faults.json
            })
        case ("POST", "/__emulator/seed"):
            return replaceData(request.body)
        case ("GET", "/__emulator/behaviour"):
            return Self.controlAnswer(200, state.withLock { $0.behaviour.json })
        case ("POST", "/__emulator/behaviour"):
            return changeBehaviour(request.body)
        case ("DELETE", "/__emulator/behaviour"):
            return Self.controlAnswer(200, state.withLock { state in
                state.behaviour = configuration.behaviour
                state.random = SeededRandom(seed: state.behaviour.randomSeed)
                return state.behaviour.json
            })
        case (_, "/__emulator/reset"), (_, "/__emulator/stats"), (_, "/__emulator/faults"), (_, "/__emulator/seed"),
             (_, "/__emulator/behaviour"), (_, "/__emulator/webhooks"), (_, "/__emulator/communications"):
            return Self.controlAnswer(405, ["error": .string("\(request.method) is not supported on \(request.path)")])
        default:
            return Self.controlAnswer(404, ["error": .string("no control endpoint \(request.path); known: "
                + "/__emulator/reset, /__emulator/stats, /__emulator/faults, /__emulator/seed, /__emulator/behaviour, "
                + "/__emulator/webhooks, /__emulator/communications, /__emulator/contacts[/{id}|/merge], "
                + "/__emulator/companies/{id}")])
        }
    }

    /// Changes as HubSpot users make them, without a token, limits or faults; each sends its
    /// webhooks like the API call would:
    ///
    ///     POST   /__emulator/contacts            {"properties":{…}}      contact.creation (+ propertyChange)
    ///     PATCH  /__emulator/contacts/{id}       {"properties":{…}}      contact.propertyChange per change
    ///     DELETE /__emulator/contacts/{id}                               contact.deletion
    ///     POST   /__emulator/contacts/merge      {"primaryObjectId":"1","objectIdToMerge":"2"}   contact.merge
    ///     PATCH  /__emulator/companies/{id}      {"properties":{"name":"…"}}                     company.propertyChange
    private func recordControl(_ request: ServerRequest) -> ServerResponse? {
        let segments = request.pathSegments
        guard segments.count >= 2, segments[0] == "__emulator", segments[1] == "contacts" || segments[1] == "companies"
        else { return nil }
        let behaviour = state.withLock { $0.behaviour }
        let id = segments.count == 3 ? segments[2] : nil
        do throws(APIError) {
            switch (request.method, segments[1], id) {
            case ("POST", "contacts", .none): return try create(request, behaviour: behaviour)
            case ("POST", "contacts", "merge"?): return try mergeContacts(request, behaviour: behaviour)
            case ("PATCH", "contacts", let id?): return try updateContact(id, request, behaviour: behaviour)
            case ("DELETE", "contacts", let id?): return try archiveContact(id)
            case ("PATCH", "companies", let id?): return try updateCompany(id, request.body)
            default:
                return Self.controlAnswer(405, ["error": .string("\(request.method) is not supported on \(request.path)")])
            }
        } catch {
            return error.response()
        }
    }

    /// `GET /__emulator/communications`: every communication held, with its contacts, whether or
    /// not search can see it yet.
    private func communicationsJSON() -> JSONValue {
        let records = state.withLock { $0.store.communications.records }
        return ["total": .int(Int64(records.count)), "results": .array(records.map { record in
            guard case .object(var object) = record.jsonWithAllSetProperties() else { return .null }
            object["contactIds"] = .array((record.associations["contact"] ?? []).map { .string(String($0)) })
            return .object(object)
        })]
    }

    /// `POST /__emulator/behaviour` changes the settings it names (see ``AccountBehaviour``);
    /// `DELETE` and reset return to the start-up behaviour. A new `randomSeed` restarts the
    /// latency sequence.
    private func changeBehaviour(_ body: [UInt8]) -> ServerResponse {
        guard let json = try? JSONValue(parsing: body) else {
            return Self.controlAnswer(400, ["error": "the body must be JSON"])
        }
        let outcome = state.withLock { state -> Result<JSONValue, ControlError> in
            if let problem = state.behaviour.apply(json) { return .failure(ControlError(message: problem)) }
            if json["randomSeed"] != nil { state.random = SeededRandom(seed: state.behaviour.randomSeed) }
            return .success(state.behaviour.json)
        }
        switch outcome {
        case .success(let behaviour): return Self.controlAnswer(200, behaviour)
        case .failure(let error): return Self.controlAnswer(400, ["error": .string(error.message)])
        }
    }

    /// `POST /__emulator/seed` with `{"contacts":[…],"companies":[…]}` replaces the data held now
    /// (reset still returns to the start-up seed). Counters and faults are kept.
    private func replaceData(_ body: [UInt8]) -> ServerResponse {
        guard let json = try? JSONValue(parsing: body), case .object = json else {
            return Self.controlAnswer(400, ["error": "the body must be {\"contacts\":[…],\"companies\":[…]}"])
        }
        do {
            let seed = try SeedData(contacts: json["contacts"].map { $0.encoded() },
                                    companies: json["companies"].map { $0.encoded() },
                                    region: configuration.defaultRegion,
                                    phoneRegion: configuration.behaviour.phoneRegion, now: configuration.clock.now().milliseconds)
            state.withLock { $0.store = Store(seed: seed, phones: configuration.calculatedPhones) }
            return Self.controlAnswer(200, ["contacts": .int(Int64(seed.contacts.count)),
                                            "companies": .int(Int64(seed.companies.count))])
        } catch {
            return Self.controlAnswer(400, ["error": .string(error.message)])
        }
    }

    private static func controlAnswer(_ status: Int, _ body: JSONValue) -> ServerResponse {
        ServerResponse(status: status, headers: [HTTPField(name: "Content-Type", value: "application/json")],
                       body: body.encoded())
    }
}

struct ControlError: Error {
    var message: String
}

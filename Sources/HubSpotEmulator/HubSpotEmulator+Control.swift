import HTTPServer
import JSON

// `/__emulator/…`: test controls, no auth. Answers are plain JSON, not HubSpot's error shape.
extension HubSpotEmulator {
    func control(_ request: ServerRequest) -> ServerResponse {
        switch (request.method, request.path) {
        case ("POST", "/__emulator/reset"):
            let seed = self.seed.withLock { $0 }
            state.withLock { $0 = State(seed: seed, configuration: configuration) }
            return Self.controlAnswer(200, ["reset": true, "contacts": .int(Int64(seed.contacts.count)),
                                            "companies": .int(Int64(seed.companies.count))])
        case ("GET", "/__emulator/stats"):
            return Self.controlAnswer(200, state.withLock { $0.stats.json })
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
             (_, "/__emulator/behaviour"):
            return Self.controlAnswer(405, ["error": .string("\(request.method) is not supported on \(request.path)")])
        default:
            return Self.controlAnswer(404, ["error": .string("no control endpoint \(request.path); known: "
                + "/__emulator/reset, /__emulator/stats, /__emulator/faults, /__emulator/seed, /__emulator/behaviour")])
        }
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

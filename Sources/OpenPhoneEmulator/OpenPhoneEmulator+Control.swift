import HTTPServer
import JSON

// `/__emulator/…`: controls for tests and the demo, no key. Answers are plain JSON
// (`{"error":"…"}` on a bad request), not OpenPhone's error shape.
extension OpenPhoneEmulator {
    static let controlPaths = ["/__emulator/stats", "/__emulator/messages", "/__emulator/fault",
                               "/__emulator/behaviour", "/__emulator/inbound", "/__emulator/reset"]

    func control(_ request: ServerRequest) -> ServerResponse {
        switch (request.method, request.path) {
        case ("GET", "/__emulator/stats"):
            let pending = deliverer.pendingCount
            return Self.controlAnswer(200, ledger.state.withLock { $0.stats.json(pendingWebhooks: pending) })
        case ("GET", "/__emulator/messages"):
            return Self.controlAnswer(200, ["data": .array(ledger.state.withLock { $0.messages.map(\.controlJSON) })])
        case ("GET", "/__emulator/fault"):
            return Self.controlAnswer(200, ["fault": ledger.state.withLock { $0.fault?.json ?? .null }])
        case ("POST", "/__emulator/fault"):
            return injectFault(request.body)
        case ("DELETE", "/__emulator/fault"):
            ledger.state.withLock { $0.fault = nil }
            return Self.controlAnswer(200, ["fault": .null])
        case ("GET", "/__emulator/behaviour"):
            return Self.controlAnswer(200, ledger.state.withLock { $0.behaviour.json })
        case ("POST", "/__emulator/behaviour"):
            return changeBehaviour(request.body)
        case ("DELETE", "/__emulator/behaviour"):
            return Self.controlAnswer(200, ledger.state.withLock { state in
                state.behaviour = configuration.behaviour
                return state.behaviour.json
            })
        case ("POST", "/__emulator/inbound"):
            return receiveInbound(request.body)
        case ("POST", "/__emulator/reset"):
            reset()
            return Self.controlAnswer(200, ["reset": true])
        case (_, let path) where Self.controlPaths.contains(path):
            return Self.controlAnswer(405, ["error": .string("\(request.method) is not supported on \(path)")])
        default:
            return Self.controlAnswer(404, ["error": .string("no control endpoint \(request.path); known: "
                + Self.controlPaths.joined(separator: ", "))])
        }
    }

    /// Forgets messages, conversations, counters, the fault and waiting webhooks; restores the
    /// start-up behaviour.
    func reset() {
        ledger.state.withLock { state in
            let generation = state.generation + 1
            state = Ledger.State(behaviour: configuration.behaviour)
            state.generation = generation
        }
        deliverer.cancelAll()
    }

    private func injectFault(_ body: [UInt8]) -> ServerResponse {
        guard let json = try? JSONValue(parsing: body) else {
            return Self.controlAnswer(400, ["error": "the body must be JSON"])
        }
        switch Fault.parse(json) {
        case .failure(let error):
            return Self.controlAnswer(400, ["error": .string(error.message)])
        case .success(let fault):
            ledger.state.withLock { $0.fault = fault }
            return Self.controlAnswer(200, ["fault": fault.json])
        }
    }

    private func changeBehaviour(_ body: [UInt8]) -> ServerResponse {
        guard let json = try? JSONValue(parsing: body) else {
            return Self.controlAnswer(400, ["error": "the body must be JSON"])
        }
        let outcome = ledger.state.withLock { state -> Result<JSONValue, ControlError> in
            if let problem = state.behaviour.apply(json) { return .failure(problem) }
            return .success(state.behaviour.json)
        }
        switch outcome {
        case .success(let behaviour): return Self.controlAnswer(200, behaviour)
        case .failure(let error): return Self.controlAnswer(400, ["error": .string(error.message)])
        }
    }

    static func controlAnswer(_ status: Int, _ body: JSONValue) -> ServerResponse {
        JSONAnswer.make(status, body)
    }
}

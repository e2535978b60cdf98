import HTTPServer
import JSON

// The emulated API operations, after the fault, key and rate-limit checks.
extension OpenPhoneEmulator {
    /// `POST /v1/messages`: validates, records the message as `queued`, schedules its status
    /// webhook, answers 202 with the message.
    func sendMessage(_ request: ServerRequest) -> ServerResponse {
        let send: SendRequest
        switch SendRequest.parse(request.body, lines: configuration.lines) {
        case .failure(let error): return error.response()
        case .success(let parsed): send = parsed
        }
        let now = configuration.clock.now()
        let (message, delay) = ledger.state.withLock { state in
            let behaviour = state.behaviour
            let message = EmulatedMessage(
                id: ResourceID.make(.message), direction: .outgoing, from: send.line.number, to: send.recipient,
                text: send.content, status: "queued", createdAt: now, updatedAt: now, userID: send.userID,
                phoneNumberID: send.line.id,
                conversationID: state.conversation(line: send.line.id, participant: send.recipient),
                failure: behaviour.outcome == .failed
                    ? DeliveryFailure(code: behaviour.failureCode, message: behaviour.failureMessage) : nil)
            state.append(message)
            return (message, behaviour.deliveryDelay)
        }
        deliverer.schedule(messageID: message.id, after: delay)
        return JSONAnswer.make(202, ["data": message.apiJSON])
    }

    /// `GET /v1/phone-numbers`: the workspace's lines.
    func phoneNumbers() -> ServerResponse {
        JSONAnswer.make(200, ["data": .array(configuration.lines.map(\.json))])
    }

    /// `POST /__emulator/inbound` `{"from":"+1…","text":"…","to":"PN…"|"+1…"}`: a customer texts one
    /// of the lines (the first when `to` is absent); its `message.received` webhook goes out at once.
    func receiveInbound(_ body: [UInt8]) -> ServerResponse {
        guard let json = try? JSONValue(parsing: body), json.objectValue != nil else {
            return Self.controlAnswer(400, ["error": "the body must be {\"from\":\"+1…\",\"text\":\"…\",\"to\"?:line}"])
        }
        guard let from = json["from"]?.stringValue, E164.isValid(from) else {
            return Self.controlAnswer(400, ["error": "from must be an E.164 number, e.g. +19025551234"])
        }
        guard let text = json["text"]?.stringValue, (1...SendRequest.maxContentCharacters).contains(text.unicodeScalars.count) else {
            return Self.controlAnswer(400, ["error": "text must be 1 to 1600 characters"])
        }
        let to = json["to"]?.stringValue
        guard let line = to.map({ to in configuration.lines.first { $0.matches(to) } }) ?? configuration.lines.first else {
            return Self.controlAnswer(400, ["error": .string("to must name one of the lines: "
                + configuration.lines.map { "\($0.id) (\($0.number))" }.joined(separator: ", "))])
        }
        guard configuration.webhook != nil else {
            return Self.controlAnswer(409, ["error": "no webhook URL is configured (OPENPHONE_EMULATOR_WEBHOOK_URL)"])
        }
        let now = configuration.clock.now()
        let message = ledger.state.withLock { state -> EmulatedMessage? in
            guard state.behaviour.webhooks else { return nil }
            let message = EmulatedMessage(
                id: ResourceID.make(.message), direction: .incoming, from: from, to: line.number, text: text,
                status: "received", createdAt: now, updatedAt: now, userID: line.users.first?.id ?? "",
                phoneNumberID: line.id, conversationID: state.conversation(line: line.id, participant: from))
            state.append(message)
            state.stats.inbound += 1
            return message
        }
        guard let message else {
            return Self.controlAnswer(409, ["error": "webhooks are off (POST /__emulator/behaviour {\"webhooks\":true})"])
        }
        deliverer.schedule(messageID: message.id, after: .zero)
        return Self.controlAnswer(202, ["data": message.apiJSON])
    }
}

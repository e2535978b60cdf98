import JSON

/// What happens to a sent message after the 202: when its status webhook goes out, whether it
/// says `message.delivered` or `message.failed`, and whether webhooks go out at all. Set at
/// start-up, changed by `POST /__emulator/behaviour` one setting at a time, restored by
/// `DELETE /__emulator/behaviour` and reset.
///
/// ```json
/// {"outcome": "failed", "failureCode": "30007", "failureMessage": "Carrier filtered the message"}
/// {"deliveryDelayMs": 0}
/// {"webhooks": false}
/// ```
public struct DeliveryBehaviour: Sendable, Equatable {
    public enum Outcome: String, Sendable { case delivered, failed }

    public var outcome = Outcome.delivered
    /// The `errorCode` a `message.failed` carries (a carrier-style code).
    public var failureCode = "30007"
    public var failureMessage = "Message filtered by the carrier"
    /// Time between the 202 and the status webhook's first attempt.
    public var deliveryDelay = Duration.milliseconds(200)
    /// Off: no webhook at all (the messages stay `queued`), as when the stack's webhook is not
    /// registered with OpenPhone.
    public var webhooks = true

    public init() {}

    static let maxDelayMs: Int64 = 600_000
    private static let keys: Set<String> = ["outcome", "failureCode", "failureMessage", "deliveryDelayMs", "webhooks"]

    /// Applies a POST body; a message saying what is wrong otherwise (nothing is changed then).
    mutating func apply(_ json: JSONValue) -> ControlError? {
        guard let object = json.objectValue else { return "the body must be a JSON object" }
        if let unknown = object.keys.first(where: { !Self.keys.contains($0) }) {
            return ControlError("unknown setting \"\(unknown)\"; known: \(Self.keys.sorted().joined(separator: ", "))")
        }
        var next = self
        if let value = object["outcome"] {
            guard let text = value.stringValue, let outcome = Outcome(rawValue: text) else {
                return "outcome must be delivered or failed"
            }
            next.outcome = outcome
        }
        if let value = object["failureCode"] {
            guard let text = value.stringValue ?? value.intValue.map(String.init), !text.isEmpty else {
                return "failureCode must be a non-empty string"
            }
            next.failureCode = text
        }
        if let value = object["failureMessage"] {
            guard let text = value.stringValue else { return "failureMessage must be a string" }
            next.failureMessage = text
        }
        if let value = object["deliveryDelayMs"] {
            guard let ms = value.intValue, (0...Self.maxDelayMs).contains(ms) else {
                return ControlError("deliveryDelayMs must be 0…\(Self.maxDelayMs)")
            }
            next.deliveryDelay = .milliseconds(ms)
        }
        if let value = object["webhooks"] {
            guard let flag = value.boolValue else { return "webhooks must be true or false" }
            next.webhooks = flag
        }
        self = next
        return nil
    }

    var json: JSONValue {
        ["outcome": .string(outcome.rawValue), "failureCode": .string(failureCode),
         "failureMessage": .string(failureMessage), "deliveryDelayMs": .int(deliveryDelay.wholeMillisecondsRoundedUp),
         "webhooks": .bool(webhooks)]
    }
}

/// Why a verified webhook body could not become a stored message: a stable code
/// (`invalid_json`, `missing_field`, `invalid_customer_number`, …), a sentence, and the payload
/// path at fault when one is known. Never contains values from the body.
public struct DeadLetterReason: Sendable, Hashable {
    public var code: String
    public var message: String
    public var field: String?

    public init(code: String, message: String, field: String? = nil) {
        self.code = code
        self.message = message
        self.field = field
    }
}

/// Why a webhook body could not be read (the responder answers 400).
///
/// ```swift
/// catch let error { respond(400, ["error": error.code, "message": error.message]) }
/// ```
///
/// Messages name the offending field by its path (`data.object.direction`) but never echo
/// values from the body.
public struct WebhookPayloadError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The body is not JSON, or not a JSON object.
        case invalidJSON = "invalid_json"
        /// A field the event needs is absent, null or empty.
        case missingField = "missing_field"
        /// A field has the wrong type or an unusable value (a bad date, an unknown direction).
        case invalidField = "invalid_field"
    }

    public let kind: Kind
    /// The path of the field at fault, e.g. `"data.object.direction"`; nil for invalid JSON.
    public let field: String?
    public let message: String

    /// The stable machine-readable code for the JSON answer, e.g. `"missing_field"`.
    public var code: String { kind.rawValue }

    public var description: String { "\(code): \(message)" }

    static func invalidJSON(_ reason: String) -> WebhookPayloadError {
        WebhookPayloadError(kind: .invalidJSON, field: nil, message: "the webhook body is not a JSON object: \(reason)")
    }

    static func missing(_ field: String) -> WebhookPayloadError {
        WebhookPayloadError(kind: .missingField, field: field, message: "the webhook body has no \(field)")
    }

    static func invalid(_ field: String, _ expectation: String) -> WebhookPayloadError {
        WebhookPayloadError(kind: .invalidField, field: field, message: "\(field) must be \(expectation)")
    }
}

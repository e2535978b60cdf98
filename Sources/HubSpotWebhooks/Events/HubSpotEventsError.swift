/// Why a webhook body could not be read as HubSpot events (the responder keeps such a delivery
/// as a dead letter and still answers 2xx: the signature was good, so HubSpot's retries would
/// only bring the same bytes back).
///
/// ```swift
/// catch let error { deadLetter(body, reason: error.description) }   // "missing_field: event [2] has no objectId"
/// ```
///
/// Messages name the event by its index and the field by its name, never echo values from the body.
public struct HubSpotEventsError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// The body is not JSON at all.
        case invalidJSON = "invalid_json"
        /// The body is JSON but not an array of events.
        case notAnArray = "not_an_array"
        /// An element of the array is not an object.
        case notAnObject = "not_an_object"
        /// A field the event needs is absent, null or empty.
        case missingField = "missing_field"
        /// A field has the wrong type or an unusable value (an id that is not a number).
        case invalidField = "invalid_field"
    }

    public let kind: Kind
    /// The position of the event at fault in the array; nil when the body as a whole is at fault.
    public let index: Int?
    /// The name of the field at fault (`objectId`); nil when no one field is.
    public let field: String?
    public let message: String

    /// The stable machine-readable code, e.g. `"missing_field"`.
    public var code: String { kind.rawValue }

    /// `[2].objectId`, `[2]`, or nil: where in the body the fault is.
    public var path: String? {
        guard let index else { return nil }
        return field.map { "[\(index)].\($0)" } ?? "[\(index)]"
    }

    public var description: String { "\(code): \(message)" }

    static func invalidJSON(_ reason: String) -> HubSpotEventsError {
        HubSpotEventsError(kind: .invalidJSON, index: nil, field: nil,
                           message: "the webhook body is not JSON: \(reason)")
    }

    static let notAnArray = HubSpotEventsError(kind: .notAnArray, index: nil, field: nil,
                                               message: "the webhook body must be a JSON array of events")

    static func notAnObject(_ index: Int) -> HubSpotEventsError {
        HubSpotEventsError(kind: .notAnObject, index: index, field: nil, message: "event [\(index)] is not a JSON object")
    }

    static func missing(_ index: Int, _ field: String) -> HubSpotEventsError {
        HubSpotEventsError(kind: .missingField, index: index, field: field, message: "event [\(index)] has no \(field)")
    }

    static func invalid(_ index: Int, _ field: String, _ expectation: String) -> HubSpotEventsError {
        HubSpotEventsError(kind: .invalidField, index: index, field: field,
                           message: "event [\(index)]: \(field) must be \(expectation)")
    }
}

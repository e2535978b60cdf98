import JSON

/// One OpenPhone webhook event, read from either generation of payload.
///
/// ```swift
/// let event = try WebhookEvent(parsing: rawBody)
/// if let message = event.message {      // present exactly for message events
///     store(eventID: event.id, message)
/// } else {
///     log("ignored \(event.type)")          // unknown types parse fine; answer 200
/// }
/// ```
///
/// - Legacy (`"object":"event"`, `apiVersion` `v2`/`v4`): the message is `data.object`.
/// - New (`apiVersion` `2026-03-30`): the message is `data.resource`, and the line, the
///   conversation and the numbers are in `data.context`.
///
/// Liberal where the generations differ (`text`/`body`, `to` as string or array, optional
/// media, status and conversation); strict where the inbox needs data: an event id, a type, a
/// creation time, and for message events a message id, a direction and both numbers.
public struct WebhookEvent: Sendable, Equatable {
    public enum Format: String, Sendable, Equatable {
        /// Legacy webhooks (created in the app or with `/v1/webhooks`).
        case legacy
        /// Standard Webhooks payloads (API version 2026-03-30 and later).
        case standard
    }

    /// `EV…`: stable across retries of the same event; deduplicate on it.
    public let id: String
    public let type: WebhookEventType
    public let format: Format
    /// `v2`, `v4`, `2026-03-30`, … when present.
    public let apiVersion: String?
    /// When the event happened, in Unix milliseconds.
    public let createdAtMilliseconds: Int64
    /// The message, for message events (``WebhookEventType/isMessage``); nil for the others.
    public let message: WebhookMessage?

    public init(id: String, type: WebhookEventType, format: Format, apiVersion: String?,
                createdAtMilliseconds: Int64, message: WebhookMessage?)
    {
        self.id = id
        self.type = type
        self.format = format
        self.apiVersion = apiVersion
        self.createdAtMilliseconds = createdAtMilliseconds
        self.message = message
    }

    /// Reads a webhook body (the raw bytes that were verified).
    public init(parsing body: [UInt8]) throws(WebhookPayloadError) {
        let root: JSONValue
        do throws(JSONParseError) {
            root = try JSONValue(parsing: body)
        } catch {
            throw .invalidJSON(error.description)
        }
        guard case .object = root else { throw .invalidJSON("the top level is not an object") }
        let fields = PayloadFields(root)

        let id = try fields.requiredString("id")
        let type = WebhookEventType(try fields.requiredString("type"))
        let apiVersion = try fields.optionalString("apiVersion")
        let createdAt = try fields.requiredTime("createdAt")
        let format = Self.format(of: root, apiVersion: apiVersion)

        var message: WebhookMessage?
        if type.isMessage {
            message = switch format {
            case .legacy: try WebhookMessage(legacy: fields.nested("data", "object"))
            case .standard: try WebhookMessage(resource: fields.nested("data", "resource"),
                                               context: fields.nested("data", "context"))
            }
        }
        self.init(id: id, type: type, format: format, apiVersion: apiVersion, createdAtMilliseconds: createdAt,
                  message: message)
    }

    /// By the payload's shape first (where the data sits), then by its labels, because an event
    /// without data (some call and contact events) still needs a format.
    private static func format(of root: JSONValue, apiVersion: String?) -> Format {
        if root["data"]?["resource"] != nil || root["data"]?["context"] != nil { return .standard }
        if root["data"]?["object"] != nil || root["object"]?.stringValue == "event" { return .legacy }
        if let apiVersion, apiVersion.hasPrefix("v") { return .legacy }
        return .standard
    }
}

import JSON

/// The `id` and `type` of a webhook body, read leniently: what can still be learned from a body
/// that does not parse as a ``WebhookEvent`` (an unknown shape, a bad field), to file it under
/// its event and let OpenPhone's retries of that event find it.
///
/// ```swift
/// let labels = WebhookEventLabels(body)   // {"id":"EV1","type":"message.received","data":7}
/// labels.id    // "EV1"
/// labels.type  // "message.received"
/// ```
///
/// Each is nil unless the body is a JSON object whose member is a non-empty string.
public struct WebhookEventLabels: Sendable, Equatable {
    public let id: String?
    public let type: String?

    public init(_ body: [UInt8]) {
        guard let root = try? JSONValue(parsing: body) else {
            id = nil
            type = nil
            return
        }
        id = Self.label(root["id"])
        type = Self.label(root["type"])
    }

    private static func label(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }
}

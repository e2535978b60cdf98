/// The `type` of a webhook event. Known types are cases; any other type parses as
/// ``other(_:)`` so that the responder can acknowledge it (2xx) and move on.
///
/// ```swift
/// WebhookEventType("message.received") == .messageReceived
/// WebhookEventType("call.transferred")  == .other("call.transferred")
/// ```
public enum WebhookEventType: Sendable, Hashable, CustomStringConvertible {
    case messageReceived
    case messageDelivered
    case messageFailed
    case messageUndelivered
    case callRinging
    case callCompleted
    case callRecordingCompleted
    case callSummaryCompleted
    case callTranscriptCompleted
    case contactUpdated
    case contactDeleted
    /// A type this module does not know (yet), kept verbatim.
    case other(String)

    private static let known: [(String, WebhookEventType)] = [
        ("message.received", .messageReceived), ("message.delivered", .messageDelivered),
        ("message.failed", .messageFailed), ("message.undelivered", .messageUndelivered),
        ("call.ringing", .callRinging), ("call.completed", .callCompleted),
        ("call.recording.completed", .callRecordingCompleted), ("call.summary.completed", .callSummaryCompleted),
        ("call.transcript.completed", .callTranscriptCompleted),
        ("contact.updated", .contactUpdated), ("contact.deleted", .contactDeleted),
    ]

    public init(_ rawValue: String) {
        self = Self.known.first { $0.0 == rawValue }?.1 ?? .other(rawValue)
    }

    /// The type as OpenPhone spells it, e.g. `"message.received"`.
    public var rawValue: String {
        if case .other(let raw) = self { return raw }
        // Every case but `.other` is in `known`; the fallback only satisfies the compiler.
        return Self.known.first { $0.1 == self }?.0 ?? ""
    }

    /// The message events, whose payload must carry a message (see ``WebhookEvent/message``).
    public var isMessage: Bool {
        switch self {
        case .messageReceived, .messageDelivered, .messageFailed, .messageUndelivered: return true
        default: return false
        }
    }

    public var description: String { rawValue }
}

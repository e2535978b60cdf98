/// A message's delivery status, in OpenPhone's words (`queued`, `sent`, `delivered`, …).
///
/// Webhooks arrive in any order, so a status only ever moves forward by ``rank``:
///
/// | rank | statuses | meaning |
/// |---|---|---|
/// | 0 | `sending`, anything else | ours before OpenPhone answered; a status this code does not know yet |
/// | 1 | `queued` | accepted by OpenPhone |
/// | 2 | `sent` | handed to the carrier |
/// | 3 | `delivered`, `received`, `failed`, `undelivered` | final |
///
/// All final statuses share the top rank: the first final status recorded for a message stays,
/// so a late `message.delivered` cannot hide a `failed` (or the reverse) and a redelivered
/// `queued` never undoes anything. An unknown status is kept only while nothing better is known.
public struct MessageStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public let rawValue: String

    /// Any status text; statuses outside the table above rank lowest.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Stored here and handed to OpenPhone, which has not answered yet (never sent by OpenPhone).
    public static let sending = MessageStatus(rawValue: "sending")
    public static let queued = MessageStatus(rawValue: "queued")
    public static let sent = MessageStatus(rawValue: "sent")
    public static let delivered = MessageStatus(rawValue: "delivered")
    /// What OpenPhone reports for an incoming message.
    public static let received = MessageStatus(rawValue: "received")
    public static let failed = MessageStatus(rawValue: "failed")
    public static let undelivered = MessageStatus(rawValue: "undelivered")

    /// How far along the message is; see the table in the type's documentation.
    public var rank: Int {
        switch self {
        case .queued: 1
        case .sent: 2
        case .delivered, .received, .failed, .undelivered: 3
        default: 0
        }
    }

    /// Whether no later event may change this status.
    public var isFinal: Bool { rank == 3 }

    public var description: String { rawValue }
}

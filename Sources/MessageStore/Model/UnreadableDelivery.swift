/// A webhook body whose signature was verified but which this version cannot read, as
/// ``MessageStore/keepDeadLetter(_:)`` stores it.
///
/// ```swift
/// let letter = UnreadableDelivery(body: rawBody, bodyDigest: sha256Hex(rawBody), eventID: "EV1",
///                                 eventType: "message.received",
///                                 reason: DeadLetterReason(code: "missing_field", message: "…"))
/// let receipt = try store.keepDeadLetter(letter)   // throws → answer 503, OpenPhone retries
/// ```
public struct UnreadableDelivery: Sendable, Hashable {
    /// The raw bytes, exactly as verified.
    public var body: [UInt8]
    /// The SHA-256 of ``body`` in lowercase hex: the idempotency key when the body names no event.
    public var bodyDigest: String
    /// The event's `id`, when the body names one: the idempotency key across OpenPhone's retries.
    public var eventID: String?
    public var eventType: String?
    public var reason: DeadLetterReason
    public var receivedAt: EpochMilliseconds

    public init(body: [UInt8], bodyDigest: String, eventID: String?, eventType: String?, reason: DeadLetterReason,
                receivedAt: EpochMilliseconds = .now()) {
        self.body = body
        self.bodyDigest = bodyDigest
        self.eventID = eventID
        self.eventType = eventType
        self.reason = reason
        self.receivedAt = receivedAt
    }

    /// One row per event (its id) or, without one, per distinct body.
    var dedupeKey: String {
        if let eventID, !eventID.isEmpty { return "event:" + eventID }
        return "sha256:" + bodyDigest
    }
}

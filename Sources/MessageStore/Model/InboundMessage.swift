/// One webhook event about a message, as the store records it.
///
/// Every message event (`message.received`, `message.delivered`, …) carries the whole message,
/// so each is recorded the same way; the store merges events for one ``messageID`` whatever
/// their order.
///
/// ```swift
/// let message = InboundMessage(
///     eventID: "EVabc", eventType: "message.received", messageID: "ACxyz",
///     direction: .incoming, customer: E164Number("+19025551234")!, line: BusinessLine("PN123")!,
///     text: "Hello", status: .received, createdAt: EpochMilliseconds(1_732_550_000_000))
/// ```
public struct InboundMessage: Sendable, Hashable {
    /// The event's `id` (`"EV…"`): the same across OpenPhone's retries, the idempotency key.
    /// The caller rejects events without one (an empty id would make every such event a duplicate).
    public var eventID: String
    /// The event's `type`, for example `"message.delivered"`; kept for the record.
    public var eventType: String
    /// The message's `id` (`"AC…"`), one row per value.
    public var messageID: String
    public var direction: MessageDirection
    /// The other party: `from` of an incoming message, the first `to` of an outgoing one.
    public var customer: E164Number
    /// Our number the message went through.
    public var line: BusinessLine
    /// `text`, or `body` in older payloads; empty for a picture alone.
    public var text: String
    public var media: [MediaAttachment]
    public var status: MessageStatus
    /// When OpenPhone created the message; orders a conversation's messages.
    public var createdAt: EpochMilliseconds
    /// When we got the event; defaults to now.
    public var receivedAt: EpochMilliseconds
    /// A contact name OpenPhone sent along (rare); stored with source ``NameSource/openphone``.
    public var contactName: PersonName?
    /// Why the message did not arrive, for a `failed` or `undelivered` status.
    public var failure: SendFailure?

    public init(eventID: String, eventType: String, messageID: String, direction: MessageDirection,
                customer: E164Number, line: BusinessLine, text: String, media: [MediaAttachment] = [],
                status: MessageStatus, createdAt: EpochMilliseconds, receivedAt: EpochMilliseconds = .now(),
                contactName: PersonName? = nil, failure: SendFailure? = nil) {
        self.eventID = eventID
        self.eventType = eventType
        self.messageID = messageID
        self.direction = direction
        self.customer = customer
        self.line = line
        self.text = text
        self.media = media
        self.status = status
        self.createdAt = createdAt
        self.receivedAt = receivedAt
        self.contactName = contactName
        self.failure = failure
    }
}

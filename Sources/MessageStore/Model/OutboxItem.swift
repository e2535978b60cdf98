/// A message waiting in the outbox to be logged as a HubSpot communication, with what the
/// communication needs.
public struct OutboxItem: Sendable, Hashable {
    public var message: MessageID
    public var direction: MessageDirection
    public var text: String
    public var createdAt: EpochMilliseconds
    /// The HubSpot contact of its conversation.
    public var contactID: String
    /// The staff user who sent it from this inbox, if they did.
    public var sentBy: String?
    /// The customer's number and our line, for the communication's text.
    public var customer: E164Number
    public var line: BusinessLine
    /// Earlier attempts to log it.
    public var attempts: Int
    /// Times HubSpot refused it as invalid.
    public var refusals: Int

    public init(message: MessageID, direction: MessageDirection, text: String, createdAt: EpochMilliseconds,
                contactID: String, sentBy: String?, customer: E164Number, line: BusinessLine, attempts: Int,
                refusals: Int = 0) {
        self.message = message
        self.direction = direction
        self.text = text
        self.createdAt = createdAt
        self.contactID = contactID
        self.sentBy = sentBy
        self.customer = customer
        self.line = line
        self.attempts = attempts
        self.refusals = refusals
    }
}

/// How far the outbox is, for health and operators.
public struct OutboxSummary: Sendable, Hashable {
    /// Due or waiting for their retry time, with a HubSpot contact to go to.
    public var pending: Int
    /// Their number is not (yet) a HubSpot contact: logged once it is.
    public var waitingForContact: Int
    /// Sent in a batch whose answer is not known yet (checked before anything is sent again).
    public var unconfirmed: Int
    public var logged: Int
    /// Given up (HubSpot refused them as invalid, repeatedly).
    public var failed: Int
    /// The oldest pending message's age, in seconds; nil when none is pending.
    public var oldestPendingSeconds: Int64?
}

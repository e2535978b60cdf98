/// One HubSpot webhook event as the store keeps it until it is processed: enough to order and
/// deduplicate it, and the event itself as HubSpot sent it.
public struct HubSpotEventRecord: Sendable, Hashable {
    /// What makes two deliveries the same event (HubSpot's `eventId` alone may repeat).
    public var dedupeKey: String
    public var eventID: Int64
    /// `contact.propertyChange`, `contact.merge`, …
    public var subscriptionType: String
    public var objectID: Int64
    public var occurredAt: EpochMilliseconds
    /// The event's JSON.
    public var event: [UInt8]
    /// Processing attempts so far.
    public var attempts: Int

    public init(dedupeKey: String, eventID: Int64, subscriptionType: String, objectID: Int64,
                occurredAt: EpochMilliseconds, event: [UInt8], attempts: Int = 0) {
        self.dedupeKey = dedupeKey
        self.eventID = eventID
        self.subscriptionType = subscriptionType
        self.objectID = objectID
        self.occurredAt = occurredAt
        self.event = event
        self.attempts = attempts
    }
}

/// A HubSpot contact as it is now, for the conversations that show it.
public struct HubSpotContactState: Sendable, Hashable {
    public var contactID: String
    /// Nil when the contact has no first or last name.
    public var name: PersonName?
    public var company: String?
    public var companyID: String?
    /// Every number the contact has now, E.164.
    public var numbers: [E164Number]

    public init(contactID: String, name: PersonName?, company: String?, companyID: String?, numbers: [E164Number]) {
        self.contactID = contactID
        self.name = name
        self.company = company
        self.companyID = companyID
        self.numbers = numbers
    }
}

/// One row of the conversation list: the customer, who they are, and the latest message.
public struct Conversation: Sendable, Hashable {
    /// The store's id for the conversation.
    public var id: ConversationID
    /// The customer's number.
    public var customer: E164Number
    /// Our line the conversation is on.
    public var line: BusinessLine
    /// The best name known, or nil: then show the number and let the sync find one.
    public var name: PersonName?
    public var nameSource: NameSource
    public var company: String?
    /// The HubSpot contact's object id, when one was matched.
    public var hubspotContactID: String?
    public var lastMessage: LastMessage
    /// Incoming messages since the conversation was last marked read.
    public var unreadCount: Int
    /// The customer's newest consent keyword was a stop word (``ConsentKeyword``): nothing may be
    /// sent to them until they text a start word.
    public var optedOut: Bool

    public init(id: ConversationID, customer: E164Number, line: BusinessLine, name: PersonName?,
                nameSource: NameSource, company: String?, hubspotContactID: String?, lastMessage: LastMessage,
                unreadCount: Int, optedOut: Bool = false) {
        self.id = id
        self.customer = customer
        self.line = line
        self.name = name
        self.nameSource = nameSource
        self.company = company
        self.hubspotContactID = hubspotContactID
        self.lastMessage = lastMessage
        self.unreadCount = unreadCount
        self.optedOut = optedOut
    }

    /// The newest message of a conversation (by OpenPhone's `createdAt`).
    public struct LastMessage: Sendable, Hashable {
        public var text: String
        public var at: EpochMilliseconds
        public var direction: MessageDirection

        public init(text: String, at: EpochMilliseconds, direction: MessageDirection) {
            self.text = text
            self.at = at
            self.direction = direction
        }
    }
}

/// The SMS/MMS a message event is about, the same shape for both webhook generations.
///
/// ```swift
/// if let message = event.message {
///     let customer = try PhoneNumber(parsing: message.customerNumber, region: region)  // caller's job
///     store.save(id: message.id, conversation: message.conversationId, text: message.text)
/// }
/// ```
///
/// Numbers are kept as OpenPhone sent them; normalization (libphonenumber) is the caller's.
public struct WebhookMessage: Sendable, Equatable {
    public enum Direction: String, Sendable, Equatable {
        case incoming
        case outgoing
    }

    /// An MMS attachment.
    public struct Media: Sendable, Equatable {
        public let url: String
        /// The MIME type, e.g. `image/jpeg`, when OpenPhone sends one.
        public let type: String?

        public init(url: String, type: String?) {
            self.url = url
            self.type = type
        }
    }

    /// `AC…`: stable across redeliveries, with the event id the key for idempotent storage.
    public let id: String
    public let direction: Direction
    /// `text`, else the older `body`; empty when the message has none (e.g. a picture only).
    public let text: String
    public let media: [Media]
    /// OpenPhone's status (`received`, `delivered`, `failed`, …) as sent; nil when absent.
    public let status: String?
    /// When the message was created, in Unix milliseconds; nil when the payload has no time.
    public let createdAtMilliseconds: Int64?
    /// The sender: the customer for an incoming message, our line for an outgoing one.
    public let from: String
    /// The recipients (legacy v2 sends a single string, v4 an array; the new format
    /// `recipientIdentifiers`). Never empty.
    public let to: [String]
    /// The OpenPhone line (`PN…`) the message went through.
    public let phoneNumberID: String?
    /// `CN…`, when the payload names the conversation.
    public let conversationID: String?
    /// The OpenPhone user (`US…`) who sent it, for outgoing messages.
    public let userID: String?
    /// Why a `failed` or `undelivered` message did not arrive, when the payload says
    /// (`errorCode`/`errorMessage`, or an `error` object with `code`/`message`); OpenPhone does
    /// not document these, so they are read where present and never required.
    public let errorCode: String?
    public let errorMessage: String?

    public init(id: String, direction: Direction, text: String, media: [Media] = [], status: String? = nil,
                createdAtMilliseconds: Int64? = nil, from: String, to: [String], phoneNumberID: String? = nil,
                conversationID: String? = nil, userID: String? = nil, errorCode: String? = nil,
                errorMessage: String? = nil)
    {
        self.id = id
        self.direction = direction
        self.text = text
        self.media = media
        self.status = status
        self.createdAtMilliseconds = createdAtMilliseconds
        self.from = from
        self.to = to
        self.phoneNumberID = phoneNumberID
        self.conversationID = conversationID
        self.userID = userID
        self.errorCode = errorCode
        self.errorMessage = errorMessage
    }

    /// The other party: `from` for an incoming message, the first `to` for an outgoing one.
    public var customerNumber: String {
        switch direction {
        case .incoming: return from
        case .outgoing: return to.first ?? ""
        }
    }

    /// Our OpenPhone number: the other side of ``customerNumber``.
    public var lineNumber: String {
        switch direction {
        case .incoming: return to.first ?? ""
        case .outgoing: return from
        }
    }
}

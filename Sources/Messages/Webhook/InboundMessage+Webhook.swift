import Base
import MessageStore
import OpenPhone
import PhoneNumbers

/// Why a message event cannot become a stored message.
public struct UnstorableMessage: Error, Sendable, Equatable {
    public let code: String
    public let message: String
}

extension InboundMessage {
    /// The store's record of a message event: the customer's number normalized to E.164 with
    /// libphonenumber (`defaultRegion` for numbers written without `+`), our line as OpenPhone's
    /// `phoneNumberId` (or our normalized number when an old payload lacks it).
    ///
    /// A number of a range newer than libphonenumber's metadata, but of the right length for its
    /// country code, is read as *possible* and named like any other. One libphonenumber rejects
    /// outright (a short code such as `22395`) is still stored, keyed `+` and its digits, so an
    /// acknowledged delivery is never dropped; such conversations are never looked up in HubSpot. Only a
    /// number with no usable digits at all is refused (the webhook keeps the delivery as a dead
    /// letter).
    public init(event: WebhookEvent, message: WebhookMessage, defaultRegion: PhoneRegion,
                receivedAt: EpochMilliseconds = .now()) throws(UnstorableMessage) {
        guard let customer = Self.storedNumber(message.customerNumber, region: defaultRegion) else {
            throw UnstorableMessage(code: "invalid_customer_number",
                                    message: "The message's customer number has no digits to store it under.")
        }
        // A blank phoneNumberId is as good as none: fall back to our number rather than refuse
        // (the message would wait in the dead letters instead of its conversation).
        let lineText = message.phoneNumberID.flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
            ?? Self.storedNumber(message.lineNumber, region: defaultRegion)?.rawValue ?? message.lineNumber
        guard let line = BusinessLine(lineText) else {
            throw UnstorableMessage(code: "invalid_line", message: "The message names no usable OpenPhone line.")
        }
        self.init(eventID: event.id, eventType: event.type.rawValue, messageID: message.id,
                  direction: message.direction == .incoming ? .incoming : .outgoing,
                  customer: customer, line: line, text: message.text,
                  media: message.media.map { MediaAttachment(url: $0.url, contentType: $0.type) },
                  status: MessageStatus(rawValue: message.status ?? Self.defaultStatus(event.type)),
                  createdAt: EpochMilliseconds(message.createdAtMilliseconds ?? event.createdAtMilliseconds),
                  receivedAt: receivedAt, failure: Self.failure(message))
    }

    /// E.164 from libphonenumber (a valid or possible number: a range newer than our metadata is
    /// still a real customer), else `+` and the text's ASCII digits (up to 15).
    static func storedNumber(_ text: String, region: PhoneRegion) -> E164Number? {
        if let number = try? PhoneNumberMemo.shared.parse(text, defaultRegion: region, accepting: .possible) {
            return E164Number(number.e164)
        }
        let digits = String(text.unicodeScalars.filter { ("0"..."9").contains($0) }.prefix(15))
        return E164Number("+" + digits.drop { $0 == "0" })
    }

    /// OpenPhone's reason for a failure, when the payload has one, as `not_delivered` with
    /// `"<reason> (<OpenPhone's code>)"`: the code is OpenPhone's or its carrier's, not one of ours.
    static func failure(_ message: WebhookMessage) -> SendFailure? {
        guard message.errorCode != nil || message.errorMessage != nil else { return nil }
        let text = message.errorMessage ?? SendFailure.notDelivered.message
        return SendFailure(code: SendFailure.notDelivered.code,
                           message: message.errorCode.map { "\(text) (\($0))" } ?? text)
    }

    /// What the event type says about the status when the payload does not.
    static func defaultStatus(_ type: WebhookEventType) -> String {
        switch type {
        case .messageDelivered: "delivered"
        case .messageFailed: "failed"
        case .messageUndelivered: "undelivered"
        default: "received"
        }
    }
}

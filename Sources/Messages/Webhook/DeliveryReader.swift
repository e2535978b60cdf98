import Crypto
import MessageStore
import OpenPhone
import PhoneNumbers

/// What a verified webhook body holds, as ``DeliveryReader`` reads it.
public enum DeliveryContent: Sendable {
    /// A message event, ready for ``MessageStore/record(_:)``.
    case message(WebhookEvent, InboundMessage)
    /// An event that carries no message (a call, a contact, a type not known yet): acknowledged.
    case noMessage(WebhookEvent)
    /// Not readable by this version: not JSON, an unknown shape, a field it cannot use.
    case unreadable(DeadLetterReason)
}

/// Reads a webhook body into what the store needs. The webhook and the dead-letter replay both
/// read through this one type, so a dead letter read after an upgrade becomes exactly what the
/// same delivery would have become on arrival.
///
/// ```swift
/// switch DeliveryReader(region: .us).read(rawBody) {
/// case .message(_, let message): try store.record(message)
/// case .noMessage(let event): log("ignored \(event.type)")
/// case .unreadable(let reason): try store.keepDeadLetter(reader.deadLetter(rawBody, reason: reason))
/// }
/// ```
public struct DeliveryReader: Sendable {
    /// How to read customer numbers written without a country code (`DEFAULT_REGION`).
    public let region: PhoneRegion

    public init(region: PhoneRegion) {
        self.region = region
    }

    /// Parses the event and, for a message event, builds the store's record of it.
    /// - Parameter receivedAt: when the delivery arrived (a dead letter's first arrival on replay).
    public func read(_ body: [UInt8], receivedAt: EpochMilliseconds = .now()) -> DeliveryContent {
        let event: WebhookEvent
        do {
            event = try WebhookEvent(parsing: body)
        } catch {
            return .unreadable(DeadLetterReason(code: error.code, message: error.message, field: error.field))
        }
        guard let message = event.message else { return .noMessage(event) }
        do {
            return .message(event, try InboundMessage(event: event, message: message, defaultRegion: region,
                                                      receivedAt: receivedAt))
        } catch {
            return .unreadable(DeadLetterReason(code: error.code, message: error.message))
        }
    }

    /// The dead letter for an unreadable body: filed under its event id when the body still
    /// names one, else under the SHA-256 of its bytes. Nil only if libcrypto cannot hash.
    public func deadLetter(_ body: [UInt8], reason: DeadLetterReason, receivedAt: EpochMilliseconds = .now())
        -> UnreadableDelivery?
    {
        guard let digest = SHA256.hexDigest(body) else { return nil }
        let labels = WebhookEventLabels(body)
        return UnreadableDelivery(body: body, bodyDigest: digest, eventID: labels.id, eventType: labels.type,
                                  reason: reason, receivedAt: receivedAt)
    }
}

import Base
import HubSpot
import JSON
import Synchronization

/// The contact JSON this process rendered last for each number, kept beside the contact it was
/// rendered from. A lookup repeated while the cached record is unchanged (staff and the inbox ask
/// the same few hundred numbers all day) copies those bytes instead of escaping the contact's
/// strings again; a contact that differs in any field is rendered afresh, so an answer is always
/// the rendering of the record it came from.
///
/// Bounded: at most ``limit`` numbers per stripe, 16 stripes chosen by thread (so the worker's
/// threads rarely share a lock); a full stripe starts over.
final class RenderedContacts: Sendable {
    static let stripeCount = 16
    /// Numbers kept per stripe: 2,048 per worker process, about 1.5 MiB at most.
    let limit: Int

    private struct Rendered {
        let contact: Contact
        let json: [UInt8]
    }

    private final class Stripe: Sendable {
        let kept = Mutex<[String: Rendered]>([:])
    }

    private let stripes = (0..<RenderedContacts.stripeCount).map { _ in Stripe() }

    init(limit: Int = 128) { self.limit = limit }

    /// `contact` as JSON, the one `e164`'s last lookup rendered when it is the same contact.
    func json(of contact: Contact, forPhone e164: String) -> [UInt8] {
        let stripe = stripes[ThreadStripe.current(of: Self.stripeCount)]
        if let kept = stripe.kept.withLock({ $0[e164] }), kept.contact == contact { return kept.json }
        let json = Self.render(contact)
        stripe.kept.withLock { kept in
            if kept.count >= limit && kept[e164] == nil { kept.removeAll(keepingCapacity: true) }
            kept[e164] = Rendered(contact: contact, json: json)
        }
        return json
    }

    /// `contact` as the JSON object every endpoint answers with (``Contact/write(to:)``).
    static func render(_ contact: Contact) -> [UInt8] {
        var writer = JSONObjectWriter(capacity: 384)
        contact.write(to: &writer)
        return writer.finished()
    }
}

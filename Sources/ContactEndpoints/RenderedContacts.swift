import Base
import HubSpot
import JSON
import Synchronization

/// The contact JSON this process rendered last for each number, kept beside the contact it was
/// rendered from. A lookup repeated while the cached record is unchanged (staff and the inbox ask
/// the same few hundred numbers all day) copies those bytes instead of escaping the contact's
/// strings again; a contact that differs in any byte of any field is rendered afresh, so an
/// answer is always the rendering of the record it came from.
///
/// ```swift
/// let rendered = RenderedContacts()
/// let json = rendered.json(of: contact, forPhone: "+19025551234")   // rendered, kept
/// rendered.json(of: contact, forPhone: "+19025551234")              // the kept bytes
/// ```
///
/// Bounded: at most `limit` entries in each of 16 stripes chosen by thread (so a worker's threads
/// rarely share a lock), and only contacts whose JSON is at most ``largestKept`` bytes; a full
/// stripe starts over. With the defaults, 2,048 entries of at most 1 KiB of JSON a worker.
final class RenderedContacts: Sendable {
    static let stripeCount = 16
    /// A longer rendering (a contact with very long fields) is not kept: it is rare, and the
    /// bound on memory is in entries.
    static let largestKept = 1024
    /// Entries kept per stripe.
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

    /// `contact` as JSON: the bytes `e164`'s last lookup on this thread's stripe rendered, when it
    /// was the identical contact.
    func json(of contact: Contact, forPhone e164: String) -> [UInt8] {
        let stripe = stripes[ThreadStripe.current(of: Self.stripeCount)]
        if let kept = stripe.kept.withLock({ $0[e164] }), kept.contact.isIdentical(to: contact) { return kept.json }
        let json = Self.render(contact)
        guard json.count <= Self.largestKept else { return json }
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

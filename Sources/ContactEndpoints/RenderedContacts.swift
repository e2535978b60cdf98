import Base
import HubSpot
import JSON

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
/// Bounded: a ``StripedMemo`` of `capacity` entries, and only contacts whose JSON is at most
/// ``largestKept`` bytes. With the defaults, 2,048 entries of at most 1 KiB of JSON a worker.
final class RenderedContacts: Sendable {
    /// A longer rendering (a contact with very long fields) is not kept: it is rare, and the
    /// bound on memory is in entries.
    static let largestKept = 1024

    private struct Rendered: Sendable {
        let contact: Contact
        let json: [UInt8]
    }

    private let kept: StripedMemo<String, Rendered>

    init(capacity: Int = 2048) { kept = StripedMemo(capacity: capacity) }

    /// `contact` as JSON: the bytes `e164`'s last lookup rendered (on this thread's stripe), when
    /// it was the identical contact.
    func json(of contact: Contact, forPhone e164: String) -> [UInt8] {
        if let rendered = kept.value(for: e164), rendered.contact.isIdentical(to: contact) { return rendered.json }
        let json = Self.render(contact)
        if json.count <= Self.largestKept { kept.remember(Rendered(contact: contact, json: json), for: e164) }
        return json
    }

    /// `contact` as the JSON object every endpoint answers with (``Contact/write(to:)``).
    static func render(_ contact: Contact) -> [UInt8] {
        var writer = JSONObjectWriter(capacity: 384)
        contact.write(to: &writer)
        return writer.finished()
    }
}

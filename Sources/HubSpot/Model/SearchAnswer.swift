/// One page of a contact search as the shared cache stores it under `CacheKey.search(…)`: the
/// contacts in HubSpot's order and the cursor of the next page, if any.
public struct SearchAnswer: CacheRecord, Equatable {
    public var contacts: [Contact]
    /// HubSpot's `paging.next.after`; nil on the last page.
    public var next: String?

    public init(contacts: [Contact], next: String?) {
        self.contacts = contacts
        self.next = next
    }

    /// A page is an answer even when empty: it is cached with the search TTL either way.
    public var found: Bool { true }

    public static let recordType: UInt8 = 2

    public func write(to writer: inout RecordWriter) {
        writer.write(next)
        writer.write(UInt32(contacts.count))
        for contact in contacts { contact.write(to: &writer) }
    }

    public init(reading reader: inout RecordReader) throws(RecordReader.Malformed) {
        next = try reader.readString()
        let count = try reader.readUInt32()
        // Each contact takes at least 32 bytes: a corrupt count cannot make us allocate much.
        guard Int(count) <= (reader.bytes.count - reader.position) / 32 else { throw RecordReader.Malformed() }
        contacts = []
        contacts.reserveCapacity(Int(count))
        for _ in 0..<count { contacts.append(try Contact(reading: &reader)) }
    }
}

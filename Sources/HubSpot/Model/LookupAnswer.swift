/// The answer to "who has this phone number?" as the shared cache stores it under
/// `CacheKey.phone(e164)`: the contact, or none.
///
/// One record for everyone who fills that key — the lookup endpoint, the batch ``NameResolver``
/// and a contact created here — so an answer stored by any of them is what the others read, and a
/// later single lookup of a number a batch resolved is a plain cache hit. The lookup endpoint
/// renders it as `{"found":true,"contact":{…}}` or `{"found":false,"contact":null}`.
///
/// ```swift
/// cache.store(LookupAnswer(contact), forPhone: number.e164)
/// ```
public struct LookupAnswer: CacheRecord, Equatable {
    /// The contact HubSpot has for the number; nil when it has none.
    public var contact: Contact?

    public init(_ contact: Contact?) { self.contact = contact }

    public var found: Bool { contact != nil }

    public static let recordType: UInt8 = 1

    public func write(to writer: inout RecordWriter) {
        writer.write(found)
        contact?.write(to: &writer)
    }

    public init(reading reader: inout RecordReader) throws(RecordReader.Malformed) {
        contact = try reader.readBool() ? try Contact(reading: &reader) : nil
    }
}

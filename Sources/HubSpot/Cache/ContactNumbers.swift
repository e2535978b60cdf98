import SharedCache

/// Which numbers' cached lookup answers name a contact, kept beside them in the shared cache
/// (`CacheKey.contactNumbers(id)`), old numbers included: when HubSpot says the contact changed,
/// every answer that could show it is dropped, not only those of its current numbers.
///
/// Kept as long as the answers can be served (the stale window). Two processes adding a number
/// at the same instant may lose one of the two additions; that answer then lives out its TTL.
public struct ContactNumbers: CacheRecord, Equatable {
    public var numbers: [String]

    public init(numbers: [String]) { self.numbers = numbers }

    public static let recordType: UInt8 = 3
    public var found: Bool { true }
    /// More than this and the oldest are dropped (a contact with hundreds of numbers is a data problem).
    static let capacity = 32

    public func write(to writer: inout RecordWriter) {
        writer.write(UInt32(numbers.count))
        for number in numbers { writer.write(number) }
    }

    public init(reading reader: inout RecordReader) throws(RecordReader.Malformed) {
        let count = try reader.readUInt32()
        guard count <= UInt32(Self.capacity) else { throw RecordReader.Malformed() }
        numbers = []
        for _ in 0..<count { numbers.append(try reader.readRequiredString()) }
    }
}

extension ContactCache {
    /// Notes that the answer cached under `e164` names `contactID`.
    public func index(_ e164: String, forContact contactID: String) {
        let key = CacheKey.contactNumbers(contactID)
        var known: [String] = []
        if let entry = file.peek(key).entry, let stored = ContactNumbers(cacheBytes: entry.value) { known = stored.numbers }
        guard !known.contains(e164) else { return }
        known = Array((known + [e164]).suffix(ContactNumbers.capacity))
        let lifetime = max(settings.staleTTL, settings.foundTTL)
        file.store(key, value: ContactNumbers(numbers: known).cacheBytes, kind: .found, ttl: lifetime, staleTTL: lifetime)
    }

    /// Every number whose cached answer named `contactID` (fresh or stale).
    public func indexedNumbers(ofContact contactID: String) -> [String] {
        guard let entry = file.peek(.contactNumbers(contactID)).entry else { return [] }
        return ContactNumbers(cacheBytes: entry.value)?.numbers ?? []
    }
}

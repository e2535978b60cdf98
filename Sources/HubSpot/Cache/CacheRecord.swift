/// A value the contact cache stores: a typed answer encoded as a versioned binary record, so
/// every process reads back the same type it stored and JSON is rendered only at the edge.
///
/// Layout: `[format version][record type][payload]`. A value in any other layout (another
/// version, another type, or bytes that do not decode) is not this record: readers treat it as
/// a cache miss and the next answer overwrites it.
///
/// ```swift
/// let bytes = LookupAnswer(contact).cacheBytes
/// LookupAnswer(cacheBytes: bytes)?.contact == contact   // true
/// ```
public protocol CacheRecord: Sendable {
    /// Tells record types apart when a key space is shared.
    static var recordType: UInt8 { get }
    /// Whether the answer found something: picks the found or the not-found TTL.
    var found: Bool { get }
    func write(to writer: inout RecordWriter)
    init(reading reader: inout RecordReader) throws(RecordReader.Malformed)
}

/// Bumped whenever any record's payload changes shape.
let cacheRecordFormatVersion: UInt8 = 2

extension CacheRecord {
    /// The record as the cache stores it.
    public var cacheBytes: [UInt8] {
        var writer = RecordWriter()
        writer.bytes.append(cacheRecordFormatVersion)
        writer.bytes.append(Self.recordType)
        write(to: &writer)
        return writer.bytes
    }

    /// Decodes stored bytes; nil when they are not this record in this format.
    public init?(cacheBytes bytes: [UInt8]) {
        guard bytes.count >= 2, bytes[0] == cacheRecordFormatVersion, bytes[1] == Self.recordType else { return nil }
        var reader = RecordReader(bytes, from: 2)
        do {
            self = try Self(reading: &reader)
        } catch {
            return nil
        }
        guard reader.isAtEnd else { return nil }
    }
}

/// Appends a cache record's fields: integers little-endian, strings as a 32-bit length and
/// UTF-8, an absent string as the length `UInt32.max`.
public struct RecordWriter: Sendable {
    public internal(set) var bytes: [UInt8] = []

    public init() { bytes.reserveCapacity(256) }

    public mutating func write(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    public mutating func write(_ flag: Bool) { bytes.append(flag ? 1 : 0) }

    public mutating func write(_ string: String?) {
        guard let string else { return write(UInt32.max) }
        let utf8 = string.utf8
        write(UInt32(utf8.count))
        bytes.append(contentsOf: utf8)
    }
}

/// Reads what ``RecordWriter`` wrote, refusing anything truncated or out of range.
public struct RecordReader: Sendable {
    /// The bytes end early or hold a value the record cannot have.
    public struct Malformed: Error, Sendable {}

    let bytes: [UInt8]
    var position: Int

    init(_ bytes: [UInt8], from position: Int) {
        self.bytes = bytes
        self.position = position
    }

    public var isAtEnd: Bool { position == bytes.count }

    public mutating func readUInt32() throws(Malformed) -> UInt32 {
        guard bytes.count - position >= 4 else { throw Malformed() }
        var value: UInt32 = 0
        for shift in 0..<4 { value |= UInt32(bytes[position + shift]) << (8 * shift) }
        position += 4
        return value
    }

    public mutating func readBool() throws(Malformed) -> Bool {
        guard position < bytes.count, bytes[position] <= 1 else { throw Malformed() }
        defer { position += 1 }
        return bytes[position] == 1
    }

    public mutating func readString() throws(Malformed) -> String? {
        let length = try readUInt32()
        if length == UInt32.max { return nil }
        guard Int(length) <= bytes.count - position else { throw Malformed() }
        defer { position += Int(length) }
        return String(decoding: bytes[position..<position + Int(length)], as: UTF8.self)
    }

    /// A string the record cannot do without.
    public mutating func readRequiredString() throws(Malformed) -> String {
        guard let string = try readString() else { throw Malformed() }
        return string
    }
}

import CSharedMemory

/// What an entry is stored under: bytes, at most ``CacheLayout/keyCapacity`` of them, whose
/// meaning is the caller's. Hashed once at construction, so a lookup hashes nothing else.
///
/// ```swift
/// cache.lookup(CacheKey("+19025551234"))
/// cache.lookup(CacheKey(bytes: [0x01, 0x02]))
/// ```
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The key's UTF-8 bytes, as stored in the slot.
    public let bytes: [UInt8]
    /// 64-bit hash: low bits pick the home slot, high bits the fill stripe and its tag.
    let hash: UInt64

    /// The key of `text`'s UTF-8 bytes.
    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    /// The key of `bytes`, as they are.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let value = bytes.withUnsafeBytes { csm_hash64($0.baseAddress, $0.count, 0x6B65_7973) }
        // 0 marks an empty slot's key hash: never produce it.
        self.hash = value == 0 ? 1 : value
    }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public static func == (a: CacheKey, b: CacheKey) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

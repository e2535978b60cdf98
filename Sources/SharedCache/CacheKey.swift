import CSharedMemory

/// What an entry is stored under: an E.164 number for lookups, `search:<normalized query>` for
/// searches. Hashed once at construction, so a lookup hashes nothing else.
///
/// ```swift
/// cache.lookup(.phone("+19025551234"))
/// cache.lookup(.search("bay 123"))
/// ```
public struct CacheKey: Sendable, Hashable, CustomStringConvertible {
    /// The key's UTF-8 bytes, as stored in the slot.
    public let bytes: [UInt8]
    /// 64-bit hash: low bits pick the home slot, high bits the fill stripe and its tag.
    let hash: UInt64

    public init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let value = bytes.withUnsafeBytes { csm_hash64($0.baseAddress, $0.count, 0x6B65_7973) }
        // 0 marks an empty slot's key hash: never produce it.
        self.hash = value == 0 ? 1 : value
    }

    /// A lookup key: the number in E.164 (`+19025551234`).
    public static func phone(_ e164: String) -> CacheKey { CacheKey(e164) }

    /// A search key: `search:` and the normalized query.
    public static func search(_ normalizedQuery: String) -> CacheKey { CacheKey("search:" + normalizedQuery) }

    public var description: String { String(decoding: bytes, as: UTF8.self) }

    public static func == (a: CacheKey, b: CacheKey) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(hash) }
}

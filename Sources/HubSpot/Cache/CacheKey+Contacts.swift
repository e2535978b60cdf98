import SharedCache

/// The keys contact answers are stored under in the shared cache.
extension CacheKey {
    /// A lookup's key: the number in E.164 (`+19025551234`).
    public static func phone(_ e164: String) -> CacheKey { CacheKey(e164) }

    /// A search's key: `search:` and the normalized query (never an E.164 number).
    public static func search(_ normalizedQuery: String) -> CacheKey { CacheKey("search:" + normalizedQuery) }

    /// The numbers whose cached answers name a contact (``ContactNumbers``): `contact:` and its id.
    public static func contactNumbers(_ contactID: String) -> CacheKey { CacheKey("contact:" + contactID) }
}

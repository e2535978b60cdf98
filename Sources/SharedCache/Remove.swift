extension SharedCache {
    /// Forgets `key` for the whole stack at once, its stale copy included, in whichever size
    /// class holds it, so the next lookup is a miss: what a caller does when it learns the
    /// upstream's answer changed (a contact renamed, merged or deleted). Returns how many copies
    /// were removed (0 when there was none, or when the file is unavailable).
    ///
    /// ```swift
    /// cache.remove(.phone("+19025551234"))
    /// ```
    @discardableResult
    public func remove(_ key: CacheKey) -> Int {
        let file = mapping()
        guard file.isFile, key.bytes.count <= file.keyCapacity else { return 0 }
        var removed = 0
        file.forEachClass(mayHolding: key) { table in
            removed += removeCopies(file, table, key)
            return false
        }
        return removed
    }
}

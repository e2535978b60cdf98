import CSharedMemory

extension SharedCache {
    /// Forgets `key` for the whole stack at once, its stale copy included, so the next lookup is
    /// a miss: what a caller does when it learns the upstream's answer changed (a contact renamed,
    /// merged or deleted). Returns how many copies were removed (0 when there was none, or when
    /// the file is unavailable).
    ///
    /// ```swift
    /// cache.remove(.phone("+19025551234"))
    /// ```
    @discardableResult
    public func remove(_ key: CacheKey) -> Int {
        let file = mapping()
        guard file.isFile, key.bytes.count <= file.keyCapacity else { return 0 }
        func holdsKey(_ index: Int) -> Bool {
            guard csm_load_u64_relaxed(file.slot(index) + SlotField.keyHash) == key.hash,
                  case .keyMatch = file.read(slot: index, key: key, copyValue: false) else { return false }
            return true
        }
        var removed = 0
        var index = file.homeSlot(key)
        for _ in 0..<file.probeLength {
            defer { index = (index &+ 1) & file.slotMask }
            guard holdsKey(index), let lease = acquireWriteLease(file, slot: index) else { continue }
            // Checked again under the lease: the slot may have been reused meanwhile.
            if holdsKey(index) {
                writeSlot(file, slot: index, key: nil, meta: .empty, value: [])
                removed += 1
            }
            releaseWriteLease(file, slot: index, lease)
        }
        return removed
    }
}

import CSharedMemory

extension SharedCache {
    /// Stores `value` (the rendered JSON) under `key`: fresh for `ttl` seconds, then servable as
    /// stale (only when the upstream fails) until `staleTTL` seconds after now. The caller picks the
    /// TTLs per kind (found, not found, search). There is no way to store an error.
    ///
    /// ```swift
    /// cache.store(CacheKey(e164), value: json, kind: .found, ttl: 300, staleTTL: 86_400)
    /// cache.store(CacheKey(e164), value: json, kind: .notFound, ttl: 60, staleTTL: 86_400)
    /// ```
    /// Best effort: `.busy` when every candidate slot is being written right now.
    @discardableResult
    public func store(_ key: CacheKey, value: [UInt8], kind: EntryKind, ttl: Double,
                      staleTTL: Double) -> StoreResult {
        let file = mapping()
        guard file.isFile else { return .unavailable }
        guard key.bytes.count <= file.keyCapacity, value.count <= file.valueCapacity else {
            file.add(.storesSkipped)
            return .tooLarge
        }
        for _ in 0..<4 {
            let now = now()
            let expiresAt = now + Int64(max(0, ttl) * 1000)
            let meta = EntryMeta(generation: file.generation, storedAt: now, expiresAt: expiresAt,
                                 staleUntil: max(expiresAt, now + Int64(max(0, staleTTL) * 1000)),
                                 keyLength: key.bytes.count, kindCode: kind.rawValue, valueLength: value.count)
            let hand = Int(csm_fetch_add_u64(file.base + FileHeader.clockHandOffset, 1) % UInt64(file.probeLength))
            guard let choice = Eviction.choose(scanWindow(file, key, now: now, generation: meta.generation),
                                               hand: hand) else { continue }
            guard let lease = acquireWriteLease(file, slot: choice.index) else { continue }
            // Decided on a snapshot: write only if nobody wrote the slot since.
            guard csm_load_u64_acquire(file.slot(choice.index)) == choice.sequence else {
                releaseWriteLease(file, slot: choice.index, lease)
                continue
            }
            for index in choice.passedOver { csm_store_u32_relaxed(file.slot(index) + SlotField.reference, 0) }
            writeSlot(file, slot: choice.index, key: key, meta: meta, value: value)
            releaseWriteLease(file, slot: choice.index, lease)
            file.add(.stores)
            if choice.evicts { file.add(.evictions) }
            removeDuplicates(file, key, keeping: choice.index, storedAt: now)
            return .stored
        }
        file.add(.storesSkipped)
        return .busy
    }

    /// Classifies each slot of `key`'s probe window for the replacement policy.
    func scanWindow(_ file: MappedFile, _ key: CacheKey, now: Int64, generation: UInt64) -> [SlotCandidate] {
        var window: [SlotCandidate] = []
        window.reserveCapacity(file.probeLength)
        var index = file.homeSlot(key)
        for _ in 0..<file.probeLength {
            let slot = file.slot(index)
            let sequence = csm_load_u64_acquire(slot)
            window.append(SlotCandidate(index: index, sequence: sequence,
                                        state: classify(file, slot: index, key: key, sequence: sequence,
                                                        now: now, generation: generation)))
            index = (index &+ 1) & file.slotMask
        }
        return window
    }

    private func classify(_ file: MappedFile, slot index: Int, key: CacheKey, sequence: UInt64, now: Int64,
                          generation: UInt64) -> SlotCandidate.State {
        let slot = file.slot(index)
        if sequence & 1 == 1 {
            let lease = Lease(rawValue: csm_load_u64_acquire(slot + SlotField.lease))
            return lease.isFree || system.leaseIsBreakable(lease, now: now) ? .reusable : .busy
        }
        let meta = EntryMeta(slot: slot)  // a snapshot; the sequence re-check under the lease guards it
        if meta.kindCode == 0 || meta.generation != generation || now >= meta.staleUntil { return .reusable }
        if csm_load_u64_relaxed(slot + SlotField.keyHash) == key.hash,
           case .keyMatch = file.read(slot: index, key: key, copyValue: false) {
            return .sameKey
        }
        if now >= meta.expiresAt { return .expired(expiresAt: meta.expiresAt) }
        return .live(referenced: csm_load_u32_relaxed(slot + SlotField.reference) != 0)
    }

    /// Two processes storing one new key at once can pick different free slots; keep only the
    /// newest copy so a lookup can never find the older one first. Ties (same ms) keep the lower
    /// index, so two such stores never delete each other's copy.
    private func removeDuplicates(_ file: MappedFile, _ key: CacheKey, keeping kept: Int, storedAt: Int64) {
        func isOlderCopy(_ index: Int) -> Bool {
            guard case .keyMatch(let meta) = file.read(slot: index, key: key, copyValue: false) else { return false }
            return meta.storedAt < storedAt || (meta.storedAt == storedAt && index > kept)
        }
        var index = file.homeSlot(key)
        for _ in 0..<file.probeLength {
            defer { index = (index &+ 1) & file.slotMask }
            guard index != kept, csm_load_u64_relaxed(file.slot(index) + SlotField.keyHash) == key.hash,
                  isOlderCopy(index), let lease = acquireWriteLease(file, slot: index) else { continue }
            if isOlderCopy(index) { writeSlot(file, slot: index, key: nil, meta: .empty, value: []) }
            releaseWriteLease(file, slot: index, lease)
        }
    }
}

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
    ///
    /// The entry goes to the smallest size class whose slots fit the key and the value. A key
    /// keeps one copy, whichever class its last value needed, and the newest value wins:
    /// - Before writing, the key is removed from every other class. A process killed between
    ///   the two steps leaves a miss, never an older answer in front of the new one (lookups
    ///   probe the smallest class first and answer from the first copy they meet).
    /// - Two processes storing one key at once may each write a copy (in two classes, or two
    ///   slots of one). After publishing, each store compares its copy with every other one
    ///   (``StoredCopy/beats(_:)``: later generation, then later store, then lower class and
    ///   slot) and removes the loser, its own copy included. The store that publishes last
    ///   sees both copies, so at most one survives; until it settles (microseconds), a lookup
    ///   may answer from either, as it would had it come a moment earlier or later.
    @discardableResult
    public func store(_ key: CacheKey, value: [UInt8], kind: EntryKind, ttl: Double,
                      staleTTL: Double) -> StoreResult {
        let file = mapping()
        guard file.isFile else { return .unavailable }
        guard key.bytes.count <= file.keyCapacity,
              let table = file.table(keyLength: key.bytes.count, valueLength: value.count) else {
            file.add(.storesSkipped)
            return .tooLarge
        }
        file.forEachClass(mayHolding: key) { other in
            if other.classIndex != table.classIndex { removeCopies(file, other, key) }
            return false
        }
        for _ in 0..<4 {
            let now = now()
            let expiresAt = now + Int64(max(0, ttl) * 1000)
            let meta = EntryMeta(generation: file.generation, storedAt: now, expiresAt: expiresAt,
                                 staleUntil: max(expiresAt, now + Int64(max(0, staleTTL) * 1000)),
                                 keyLength: key.bytes.count, kindCode: kind.rawValue, valueLength: value.count)
            let hand = Int(csm_fetch_add_u64(file.base + FileHeader.clockHandOffset, 1) % UInt64(table.probeLength))
            guard let choice = Eviction.choose(scanWindow(table, key, now: now, generation: meta.generation),
                                               hand: hand) else { continue }
            guard let lease = acquireWriteLease(file, table, slot: choice.index) else { continue }
            // Decided on a snapshot: write only if nobody wrote the slot since.
            guard csm_load_u64_acquire(table.slot(choice.index)) == choice.sequence else {
                releaseWriteLease(table, slot: choice.index, lease)
                continue
            }
            for index in choice.passedOver { csm_store_u32_relaxed(table.slot(index) + SlotField.reference, 0) }
            let published = writeSlot(file, table, slot: choice.index, key: key, meta: meta, value: value)
            releaseWriteLease(table, slot: choice.index, lease)
            file.add(.stores)
            if choice.evicts { file.add(.evictions) }
            settleCopies(file, key, mine: StoredCopy(classIndex: table.classIndex, index: choice.index,
                                                     generation: meta.generation, storedAt: now),
                         published: published)
            return .stored
        }
        file.add(.storesSkipped)
        return .busy
    }

    /// Classifies each slot of `key`'s probe window in `table` for the replacement policy.
    func scanWindow(_ table: SlotTable, _ key: CacheKey, now: Int64, generation: UInt64) -> [SlotCandidate] {
        var window: [SlotCandidate] = []
        window.reserveCapacity(table.probeLength)
        table.forEachSlot(inWindowOf: key) { index in
            let sequence = csm_load_u64_acquire(table.slot(index))
            window.append(SlotCandidate(index: index, sequence: sequence,
                                        state: classify(table, slot: index, key: key, sequence: sequence,
                                                        now: now, generation: generation)))
            return false
        }
        return window
    }

    private func classify(_ table: SlotTable, slot index: Int, key: CacheKey, sequence: UInt64, now: Int64,
                          generation: UInt64) -> SlotCandidate.State {
        let slot = table.slot(index)
        if sequence & 1 == 1 {
            let lease = Lease(rawValue: csm_load_u64_acquire(slot + SlotField.lease))
            return lease.isFree || system.leaseIsBreakable(lease, now: now) ? .reusable : .busy
        }
        let meta = EntryMeta(slot: slot)  // a snapshot; the sequence re-check under the lease guards it
        if meta.kindCode == 0 || meta.generation != generation || now >= meta.staleUntil { return .reusable }
        if csm_load_u64_relaxed(slot + SlotField.keyHash) == key.hash,
           case .keyMatch = table.read(slot: index, key: key, copyValue: false) {
            return .sameKey
        }
        if now >= meta.expiresAt { return .expired(expiresAt: meta.expiresAt) }
        return .live(referenced: csm_load_u32_relaxed(slot + SlotField.reference) != 0)
    }

    /// After publishing `mine` (its slot at sequence `published`), removes every copy of `key`
    /// that loses to it, in every class, or its own copy when another beats it.
    private func settleCopies(_ file: MappedFile, _ key: CacheKey, mine: StoredCopy, published: UInt64) {
        file.forEachClass(mayHolding: key) { table in
            var lost = false
            table.forEachSlot(inWindowOf: key) { index in
                guard table.classIndex != mine.classIndex || index != mine.index,
                      let other = copy(of: key, in: table, slot: index) else { return false }
                if mine.beats(other) {
                    removeSlot(file, table, slot: index) { self.copy(of: key, in: table, slot: index).map(mine.beats) ?? false }
                    return false
                }
                let own = file.tables[mine.classIndex]
                removeSlot(file, own, slot: mine.index) { csm_load_u64_acquire(own.slot(mine.index)) == published }
                lost = true
                return true
            }
            return lost
        }
    }

    /// The copy of `key` in slot `index`, if it holds one (any generation, any age).
    private func copy(of key: CacheKey, in table: SlotTable, slot index: Int) -> StoredCopy? {
        guard csm_load_u64_relaxed(table.slot(index) + SlotField.keyHash) == key.hash,
              case .keyMatch(let meta) = table.read(slot: index, key: key, copyValue: false) else { return nil }
        return StoredCopy(classIndex: table.classIndex, index: index, generation: meta.generation,
                          storedAt: meta.storedAt)
    }

    /// Empties slot `index` under its write lease if `stillWanted` (judged again under the
    /// lease: the slot may have been rewritten meanwhile). True when it was emptied.
    @discardableResult
    func removeSlot(_ file: MappedFile, _ table: SlotTable, slot index: Int, if stillWanted: () -> Bool) -> Bool {
        guard let lease = acquireWriteLease(file, table, slot: index) else { return false }
        defer { releaseWriteLease(table, slot: index, lease) }
        guard stillWanted() else { return false }
        writeSlot(file, table, slot: index, key: nil, meta: .empty, value: [])
        return true
    }

    /// Removes every copy of `key` from `table`; returns how many there were.
    @discardableResult
    func removeCopies(_ file: MappedFile, _ table: SlotTable, _ key: CacheKey) -> Int {
        var removed = 0
        table.forEachSlot(inWindowOf: key) { index in
            if copy(of: key, in: table, slot: index) != nil,
               removeSlot(file, table, slot: index, if: { copy(of: key, in: table, slot: index) != nil }) {
                removed += 1
            }
            return false
        }
        return removed
    }
}

/// Where a copy of a key sits and when it was stored: what concurrent stores of one key compare.
struct StoredCopy: Equatable {
    let classIndex: Int
    let index: Int
    let generation: UInt64
    let storedAt: Int64

    /// Whether this copy is the one to keep: of a later generation (stored after a clear), then
    /// stored later, then (same millisecond) in the lower class, then in the lower slot. A total
    /// order every process agrees on, so two settling stores never remove each other's copy.
    func beats(_ other: StoredCopy) -> Bool {
        if generation != other.generation { return generation > other.generation }
        if storedAt != other.storedAt { return storedAt > other.storedAt }
        if classIndex != other.classIndex { return classIndex < other.classIndex }
        return index < other.index
    }
}

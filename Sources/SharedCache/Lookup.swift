import CSharedMemory

extension SharedCache {
    /// Looks `key` up: `.fresh` (counted as a hit), `.stale` or `.miss` (counted as misses).
    /// Cost: one hash probe of the smallest size class (usually the home slot: the small
    /// answers that make up most lookups live there) and one copy of the stored value; a larger
    /// class is probed only when an entry of it has its home there too. A slot being written is
    /// retried briefly, then treated as a miss; a slot that fails its checksum is never returned.
    public func lookup(_ key: CacheKey) -> CacheLookup {
        let file = mapping()
        let result = find(file, key, now: now())
        if case .fresh = result {
            file.add(.hits)
        } else {
            file.add(.misses)
        }
        return result
    }

    /// `lookup` without counting hits or misses, for the fill protocol's re-checks.
    public func peek(_ key: CacheKey) -> CacheLookup {
        find(mapping(), key, now: now(), markReferenced: false)
    }

    /// Probes the classes in order, smallest first, and answers from the first copy of `key`
    /// found. A key has one copy at rest: a store removes it from every other class before
    /// writing and settles concurrent stores after (see ``store(_:value:kind:ttl:staleTTL:)``).
    /// A larger class is probed only when the smaller one's home slot for `key` counts spilled
    /// entries (``MappedFile/forEachClass(mayHolding:_:)``), so the miss of a number whose answers
    /// are small probes the answers class alone.
    func find(_ file: MappedFile, _ key: CacheKey, now: Int64, markReferenced: Bool = true) -> CacheLookup {
        guard key.bytes.count <= file.keyCapacity else { return .miss }
        let generation = file.generation
        var result = CacheLookup.miss
        file.forEachClass(mayHolding: key) { table in
            guard let found = find(file, table, key, now: now, generation: generation, markReferenced: markReferenced)
            else { return false }
            result = found
            return true
        }
        return result
    }

    /// `key`'s answer in one class, or nil when the class has no copy of it.
    @inline(__always)
    private func find(_ file: MappedFile, _ table: SlotTable, _ key: CacheKey, now: Int64, generation: UInt64,
                      markReferenced: Bool) -> CacheLookup? {
        // Most hits are in the home slot: fetch its metadata, key and (typically short) value
        // together; in a cache far larger than the CPU caches this is the whole cost of a hit.
        _ = csm_touch_lines(table.slot(table.homeSlot(key)), min(table.slotSize, 512))
        var answer: CacheLookup? = nil
        table.forEachSlot(inWindowOf: key) { index in
            let slot = table.slot(index)
            // The key hash is a hint read outside the seqlock; the read below confirms.
            guard csm_load_u64_relaxed(slot + SlotField.keyHash) == key.hash else { return false }
            switch table.read(slot: index, key: key) {
            case .entry(let entry, let entryGeneration) where entryGeneration == generation:
                if now < entry.expiresAt {
                    if markReferenced { markReferencedSlot(slot) }
                    answer = .fresh(entry)
                } else {
                    answer = now < entry.staleUntil ? .stale(entry) : .miss
                }
                return true
            case .busy(let sequence), .corrupt(let sequence):
                file.add(.tornReads)
                repairSlot(file, table, slot: index, expectedSequence: sequence)
                return false
            default:
                return false  // another key, empty, or an older generation: keep probing
            }
        }
        return answer
    }

    /// CLOCK's reference bit: set on a hit, cleared by the eviction sweep. Written only when it
    /// changes, so hot keys do not bounce the slot's cache line between cores.
    @inline(__always) func markReferencedSlot(_ slot: UnsafeMutableRawPointer) {
        if csm_load_u32_relaxed(slot + SlotField.reference) == 0 {
            csm_store_u32_relaxed(slot + SlotField.reference, 1)
        }
    }
}

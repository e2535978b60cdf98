import CSharedMemory

extension SharedCache {
    /// Looks `key` up: `.fresh` (counted as a hit), `.stale` or `.miss` (counted as misses).
    /// Cost: one hash probe of the mapped table (usually the home slot) and one copy of the
    /// stored JSON. A slot being written is retried briefly, then treated as a miss; a slot that
    /// fails its checksum is never returned.
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

    func find(_ file: MappedFile, _ key: CacheKey, now: Int64, markReferenced: Bool = true) -> CacheLookup {
        guard key.bytes.count <= file.keyCapacity else { return .miss }
        let generation = file.generation
        var index = file.homeSlot(key)
        // Most hits are in the home slot: fetch its metadata, key and (typically short) value
        // together; in a cache far larger than the CPU caches this is the whole cost of a hit.
        _ = csm_touch_lines(file.slot(index), min(file.slotSize, 512))
        for _ in 0..<file.probeLength {
            let slot = file.slot(index)
            // The key hash is a hint read outside the seqlock; the read below confirms.
            if csm_load_u64_relaxed(slot + SlotField.keyHash) == key.hash {
                switch file.read(slot: index, key: key) {
                case .entry(let entry, let entryGeneration) where entryGeneration == generation:
                    if now < entry.expiresAt {
                        if markReferenced { markReferencedSlot(slot) }
                        return .fresh(entry)
                    }
                    return now < entry.staleUntil ? .stale(entry) : .miss
                case .busy(let sequence), .corrupt(let sequence):
                    file.add(.tornReads)
                    repairSlot(file, slot: index, expectedSequence: sequence)
                default:
                    break  // another key, empty, or an older generation: keep probing
                }
            }
            index = (index &+ 1) & file.slotMask
        }
        return .miss
    }

    /// CLOCK's reference bit: set on a hit, cleared by the eviction sweep. Written only when it
    /// changes, so hot keys do not bounce the slot's cache line between cores.
    @inline(__always) func markReferencedSlot(_ slot: UnsafeMutableRawPointer) {
        if csm_load_u32_relaxed(slot + SlotField.reference) == 0 {
            csm_store_u32_relaxed(slot + SlotField.reference, 1)
        }
    }
}

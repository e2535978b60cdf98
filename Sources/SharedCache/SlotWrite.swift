import CSharedMemory
import Glibc

extension SharedCache {
    /// Takes slot `index`'s write lease: free → CAS; held by a dead or overdue owner → CAS from
    /// the exact word judged (counted as broken); held by a live owner → brief backoff, then nil.
    func acquireWriteLease(_ file: MappedFile, _ table: SlotTable, slot index: Int) -> Lease? {
        let word = table.slot(index) + SlotField.lease
        let tag = leaseCounter.wrappingAdd(1, ordering: .relaxed).newValue
        var attempt = 0
        while attempt < SeqlockBackoff.attempts {
            let now = now()
            let mine = Lease(tag: tag, pid: system.getpid(),
                             deadline: now + Int64(options.writeLeaseDuration * 1000))
            let found = Lease(rawValue: csm_load_u64_acquire(word))
            if found.isFree || system.leaseIsBreakable(found, now: now) {
                if csm_cas_u64(word, found.rawValue, mine.rawValue) == found.rawValue {
                    if !found.isFree { file.add(.leasesBroken) }
                    return mine
                }
            } else {
                SeqlockBackoff.pause(attempt)
            }
            attempt += 1
        }
        return nil
    }

    /// Gives the lease back, unless someone broke it meanwhile (then it is theirs).
    func releaseWriteLease(_ table: SlotTable, slot index: Int, _ lease: Lease) {
        _ = csm_cas_u64(table.slot(index) + SlotField.lease, lease.rawValue, 0)
    }

    /// Writes an entry (or, with `key` nil, an empty slot) into slot `index`, whose write lease
    /// the caller holds. Seqlock writer: sequence odd, bytes, checksum, sequence even (release).
    /// Returns the sequence published (even), which identifies this write while nobody rewrites the slot.
    @discardableResult
    func writeSlot(_ file: MappedFile, _ table: SlotTable, slot index: Int, key: CacheKey?, meta: EntryMeta,
                   value: [UInt8]) -> UInt64 {
        let slot = table.slot(index)
        account(file, table, slot: slot, key: key, meta: meta)
        let before = csm_load_u64_relaxed(slot)
        // Odd already means the previous writer died inside: step past its value (+2), so a
        // late publish by a writer whose lease was broken fails its CAS and it knows.
        let writing = before & 1 == 1 ? before &+ 2 : before &+ 1
        csm_store_u64_relaxed(slot, writing)
        csm_fence_release()  // the odd sequence is visible before any byte below changes
        csm_store_u64_relaxed(slot + SlotField.keyHash, key?.hash ?? 0)
        csm_store_u32_relaxed(slot + SlotField.reference, 0)
        meta.store(into: slot)
        let keyBytes = key?.bytes ?? []
        keyBytes.withUnsafeBytes { bytes in
            if !bytes.isEmpty { (slot + SlotField.key).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count) }
        }
        let valueStart = slot + SlotField.key + keyBytes.count
        value.withUnsafeBytes { bytes in
            guard !bytes.isEmpty else { return }
            let half = bytes.count / 2
            valueStart.copyMemory(from: bytes.baseAddress!, byteCount: half)
            options.hooks.midWrite?()
            (valueStart + half).copyMemory(from: bytes.baseAddress! + half, byteCount: bytes.count - half)
        }
        let sum = keyBytes.withUnsafeBytes { keyBuffer in
            value.withUnsafeBytes { meta.checksum(key: keyBuffer, value: $0) }
        }
        slot.storeBytes(of: sum, toByteOffset: SlotField.checksum, as: UInt64.self)
        csm_store_u64_release(slot, writing &+ 1)
        return writing &+ 1
    }

    /// Keeps the figures that let stats and lookups skip scanning, before a slot changes from
    /// what it holds to `key`'s entry (or to empty, `key` nil): the class's count of entries of
    /// the current generation (``MappedFile/countedEntries(_:)``), and, for a class above the
    /// first, the spill counts at the old and the new key's home slots in every smaller class
    /// (``SlotField``). Done under the slot's write lease but outside its seqlock, so they are
    /// advisory: a process killed between this and the write, or a store racing a clear, leaves
    /// them off by one. That costs a stats figure or, for a spill count, a probe too many (count
    /// too high) or a miss (too low: the key's next store sets it again); never a wrong answer.
    private func account(_ file: MappedFile, _ table: SlotTable, slot: UnsafeMutableRawPointer, key: CacheKey?,
                         meta: EntryMeta) {
        let oldKind = slot.load(fromByteOffset: SlotField.kind, as: UInt8.self)
        let oldHash = csm_load_u64_relaxed(slot + SlotField.keyHash)
        let generation = file.generation
        let wasCounted = oldKind != 0 && slot.load(fromByteOffset: SlotField.generation, as: UInt64.self) == generation
        let isCounted = key != nil && meta.generation == generation
        if wasCounted != isCounted { file.addEntries(table, isCounted ? 1 : -1) }
        guard table.classIndex > 0 else { return }
        let smaller = file.tables[..<table.classIndex]
        let oldHome = oldKind != 0 && oldHash != 0 ? oldHash : nil
        if let key, key.hash == oldHome {
            // The key rewritten in place keeps its homes; a count lost to a killed writer is set again.
            for other in smaller where !other.spills(homeOf: key.hash) { other.addSpill(homeOf: key.hash, 1) }
            return
        }
        if let key { for other in smaller { other.addSpill(homeOf: key.hash, 1) } }
        if let oldHome { for other in smaller { other.addSpill(homeOf: oldHome, -1) } }
    }

    /// Empties a slot that no live writer will finish: odd sequence with a free or breakable
    /// lease (its writer died inside), or a consistent snapshot failing its checksum. Called by
    /// readers that gave up on it, so a torn slot is repaired by whoever meets it first.
    func repairSlot(_ file: MappedFile, _ table: SlotTable, slot index: Int, expectedSequence: UInt64? = nil) {
        let slot = table.slot(index)
        let sequence = csm_load_u64_acquire(slot)
        if let expectedSequence, sequence != expectedSequence { return }
        let lease = Lease(rawValue: csm_load_u64_acquire(slot + SlotField.lease))
        if sequence & 1 == 1 && !lease.isFree && !system.leaseIsBreakable(lease, now: now()) { return }
        guard let mine = acquireWriteLease(file, table, slot: index) else { return }
        defer { releaseWriteLease(table, slot: index, mine) }
        // Under the lease, only repair what we judged: a writer may have finished meanwhile.
        guard csm_load_u64_acquire(slot) == sequence else { return }
        writeSlot(file, table, slot: index, key: nil, meta: .empty, value: [])
    }
}

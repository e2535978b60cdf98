import CSharedMemory
import Glibc

/// What a seqlock read of one slot found.
enum SlotRead {
    /// The key's entry, consistent and checksum-verified.
    case entry(CachedEntry, generation: UInt64)
    /// The key matched (value not copied, as asked).
    case keyMatch(EntryMeta)
    case otherKey
    case empty
    /// A writer stayed inside past our retries (or died there): the odd sequence seen last.
    case busy(sequence: UInt64)
    /// A consistent snapshot (at `sequence`) that fails its checksum or its bounds.
    case corrupt(sequence: UInt64)
}

extension SlotTable {
    /// Reads slot `index` for `key` under its seqlock: sequence even and unchanged around the
    /// copy, then the checksum. Retries a few times with backoff, then reports `.busy`, so a
    /// reader never waits long and never returns half an entry. The value follows the key's
    /// bytes (``SlotField``), so a key and value of any lengths that fit the slot together fit.
    func read(slot index: Int, key: CacheKey, copyValue: Bool = true) -> SlotRead {
        let slot = self.slot(index)
        var attempt = 0
        while attempt < SeqlockBackoff.attempts {
            let begin = csm_load_u64_acquire(slot)
            if begin & 1 != 0 {
                SeqlockBackoff.pause(attempt)
                attempt += 1
                continue
            }
            let meta = EntryMeta(slot: slot)
            let sum = slot.load(fromByteOffset: SlotField.checksum, as: UInt64.self)
            var value: [UInt8] = []
            var result: SlotRead
            if meta.kindCode == 0 {
                result = .empty
            } else if meta.keyLength != key.bytes.count || !keyMatches(slot, key) {
                result = .otherKey
            } else if meta.valueLength > payloadCapacity - meta.keyLength || EntryKind(rawValue: meta.kindCode) == nil {
                result = .corrupt(sequence: begin)
            } else if copyValue {
                value = copyBytes(slot + SlotField.key + meta.keyLength, meta.valueLength)
                result = .keyMatch(meta)
            } else {
                result = .keyMatch(meta)
            }
            csm_fence_acquire()  // the copies above happen before the second sequence load
            if csm_load_u64_relaxed(slot) != begin {
                attempt += 1
                continue
            }
            guard case .keyMatch(let checked) = result, copyValue else { return result }
            let valid = key.bytes.withUnsafeBytes { keyBytes in
                value.withUnsafeBytes { sum == checked.checksum(key: keyBytes, value: $0) }
            }
            guard valid else { return .corrupt(sequence: begin) }
            let entry = CachedEntry(value: value, kind: EntryKind(rawValue: checked.kindCode)!,
                                    storedAt: checked.storedAt, expiresAt: checked.expiresAt,
                                    staleUntil: checked.staleUntil)
            return .entry(entry, generation: checked.generation)
        }
        return .busy(sequence: csm_load_u64_relaxed(slot))
    }

    @inline(__always) private func keyMatches(_ slot: UnsafeMutableRawPointer, _ key: CacheKey) -> Bool {
        key.bytes.withUnsafeBytes { bytes in
            bytes.isEmpty || memcmp(slot + SlotField.key, bytes.baseAddress!, bytes.count) == 0
        }
    }

    /// Not `Array(unsafeUninitializedCapacity:)`: built with Swift 6.3, that looked up the array's
    /// generic metadata on every call (perf of `cache-bench`), twice the cost of this copy.
    @inline(__always) private func copyBytes(_ source: UnsafeRawPointer, _ count: Int) -> [UInt8] {
        guard count > 0 else { return [] }
        return Array(UnsafeRawBufferPointer(start: source, count: count))
    }
}

/// How a reader waits for a writer inside a slot: spin briefly (a write takes about a
/// microsecond), then yield the CPU a few times, then give up and call it a miss.
enum SeqlockBackoff {
    static let attempts = 40

    @inline(__always) static func pause(_ attempt: Int) {
        if attempt < 32 {
            for _ in 0..<(4 << min(attempt, 5)) { csm_cpu_relax() }
        } else {
            sched_yield()
        }
    }
}

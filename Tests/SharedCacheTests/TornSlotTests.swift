@testable import SharedCache
import CSharedMemory
import Glibc
import Testing

@Suite struct TornSlotTests {
    let key = CacheKey("+19025551234")

    func withStoredEntry(_ body: (SharedCache, UnsafeMutableRawPointer, ManualClock) throws -> Void) throws {
        try TemporaryDirectory.with { directory in
            let clock = ManualClock()
            let cache = try SharedCache(path: directory.cacheFile, options: options(), system: .manual(clock))
            cache.store(key, value: bytes(#"{"name":"Ada"}"#), kind: .found, ttl: 60, staleTTL: 600)
            try body(cache, try #require(slotAddress(of: key, in: cache)), clock)
        }
    }

    @Test func aScribbledValueByteFailsTheChecksumAndIsNeverServed() throws {
        try withStoredEntry { cache, slot, _ in
            let value = slot + SlotField.key + key.bytes.count  // the value follows the key
            value.storeBytes(of: value.load(as: UInt8.self) ^ 0x20, as: UInt8.self)
            #expect(cache.lookup(key) == .miss)
            #expect(cache.stats().counters[.tornReads] == 1)
            // Repaired by the reader: emptied, sequence even, reusable.
            #expect(csm_load_u64_relaxed(slot) & 1 == 0)
            #expect(slot.load(fromByteOffset: SlotField.kind, as: UInt8.self) == 0)
            #expect(cache.lookup(key) == .miss)
            #expect(cache.stats().counters[.tornReads] == 1)
        }
    }

    @Test(arguments: [SlotField.storedAt, SlotField.expiresAt, SlotField.generation, SlotField.checksum])
    func aScribbledMetadataFieldFailsTheChecksum(offset: Int) throws {
        try withStoredEntry { cache, slot, _ in
            slot.storeBytes(of: slot.load(fromByteOffset: offset, as: UInt64.self) ^ 0x100, toByteOffset: offset, as: UInt64.self)
            #expect(cache.lookup(key) == .miss)
            #expect(cache.stats().counters[.tornReads] == 1)
        }
    }

    @Test func anImpossibleValueLengthIsRejectedWithoutReadingPastTheSlot() throws {
        try withStoredEntry { cache, slot, _ in
            slot.storeBytes(of: UInt32.max, toByteOffset: SlotField.valueLength, as: UInt32.self)
            #expect(cache.lookup(key) == .miss)
            #expect(cache.stats().counters[.tornReads] == 1)
        }
    }

    @Test func anOddSequenceLeftByADeadWriterIsAMissAndIsRecovered() throws {
        try withStoredEntry { cache, slot, _ in
            // What a writer killed mid-write leaves: its lease and an odd sequence.
            let dead = Lease(tag: 1, pid: ChildProcess.deadPID(), deadline: cache.now() + 60_000)
            csm_store_u64_relaxed(slot + SlotField.lease, dead.rawValue)
            csm_store_u64_relaxed(slot, csm_load_u64_relaxed(slot) + 1)
            #expect(cache.lookup(key) == .miss)
            let counters = cache.stats().counters
            #expect(counters[.tornReads] == 1)
            #expect(counters[.leasesBroken] == 1)
            #expect(csm_load_u64_relaxed(slot) & 1 == 0)
            #expect(csm_load_u64_relaxed(slot + SlotField.lease) == 0)
            #expect(cache.store(key, value: bytes("again"), kind: .found, ttl: 60, staleTTL: 600) == .stored)
            #expect(cache.lookup(key).entry?.value == bytes("again"))
        }
    }

    @Test func anOddSequenceUnderALiveLeaseIsAMissUntilTheLeaseExpires() throws {
        try withStoredEntry { cache, slot, clock in
            let live = Lease(tag: 1, pid: getpid(), deadline: cache.now() + 2000)
            csm_store_u64_relaxed(slot + SlotField.lease, live.rawValue)
            csm_store_u64_relaxed(slot, csm_load_u64_relaxed(slot) + 1)
            #expect(cache.lookup(key) == .miss)  // a live writer is inside: do not touch
            #expect(csm_load_u64_relaxed(slot) & 1 == 1)
            clock.advance(seconds: 3)
            #expect(cache.lookup(key) == .miss)  // overdue: broken and emptied
            #expect(csm_load_u64_relaxed(slot) & 1 == 0)
            #expect(cache.stats().counters[.leasesBroken] == 1)
        }
    }

    @Test func aStoreReusesASlotAbandonedMidWrite() throws {
        try withStoredEntry { cache, slot, _ in
            let dead = Lease(tag: 1, pid: ChildProcess.deadPID(), deadline: cache.now() + 60_000)
            csm_store_u64_relaxed(slot + SlotField.lease, dead.rawValue)
            let odd = csm_load_u64_relaxed(slot) + 1
            csm_store_u64_relaxed(slot, odd)
            #expect(cache.store(key, value: bytes("rewritten"), kind: .found, ttl: 60, staleTTL: 600) == .stored)
            #expect(csm_load_u64_relaxed(slot) == odd + 3)  // stepped past the dead writer's odd value
            #expect(cache.lookup(key).entry?.value == bytes("rewritten"))
        }
    }
}

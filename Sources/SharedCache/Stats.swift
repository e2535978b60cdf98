import CSharedMemory

/// A snapshot of the cache for the admin stats endpoint: sizes, ratios, every shared counter.
///
/// ```swift
/// let stats = cache.stats()
/// stats.entries; stats.hitRatio; stats.counters[.evictions]; stats.count(.upstreamCalls)
/// for counter in stats.namedCounters { print(counter.name, counter.value) }
/// for sizeClass in stats.classes { print(sizeClass.slotSize, sizeClass.entries, sizeClass.slotCount) }
/// ```
public struct CacheStats: Sendable {
    /// One size class's share of the figures.
    public struct SizeClassStats: Sendable, Equatable {
        public let slotCount: Int
        public let slotSize: Int
        /// Bytes of value a slot holds under the longest key (more under a shorter one).
        public let valueCapacity: Int
        /// Servable entries of the current generation in this class (fresh or stale).
        public let entries: Int
        /// Of those, still fresh.
        public let freshEntries: Int
        /// entries / slots.
        public var fillRatio: Double { slotCount == 0 ? 0 : Double(entries) / Double(slotCount) }
    }

    public let path: String
    /// False while the cache runs without its file: the figures are then this process's own
    /// (every lookup a miss), and sizes are 0.
    public let isAvailable: Bool
    public let layout: CacheLayout
    public let fileSize: Int
    /// Slots in every class together.
    public let capacity: Int
    /// Servable entries of the current generation (fresh or stale), in every class. Exact for a
    /// class of up to 1,024 slots; for a larger one, the writers' count of its entries (advisory:
    /// a process killed mid-write leaves it off by one) times the servable share of 1,024
    /// sampled slots, so stats cost the same whatever the file's size.
    public let entries: Int
    /// Of those, still fresh (estimated like ``entries``).
    public let freshEntries: Int
    /// entries / capacity.
    public let fillRatio: Double
    /// Per size class, smallest slots first (empty while the file is unavailable).
    public let classes: [SizeClassStats]
    /// hits / (hits + misses); 0 before any lookup.
    public let hitRatio: Double
    /// The cache's own counters.
    public let counters: [CacheCounter: UInt64]
    /// The caller counters registered in ``SharedCache/Options/callerCounters``, in that order.
    public let callerCounters: [CallerCounter]
    /// Every caller counter word, by slot.
    let callerValues: [UInt64]
    public let generation: UInt64
    /// When this file was built, ms since the epoch.
    public let createdAt: Int64
    /// Seconds since the oldest servable entry was stored; nil when empty. In a class of more than
    /// 1,024 slots, the oldest of the sampled slots.
    public let oldestEntryAge: Double?

    /// The value of a caller counter (registered or not).
    public func count(_ counter: CallerCounter) -> UInt64 { callerValues[counter.slot] }

    /// Every counter by name, the cache's own in ``CacheCounter`` order and then the registered
    /// caller counters: what the stats report.
    public var namedCounters: [(name: String, value: UInt64)] {
        CacheCounter.allCases.map { (name: $0.name, value: counters[$0] ?? 0) }
            + callerCounters.map { (name: $0.name, value: count($0)) }
    }
}

extension SharedCache {
    /// Reads every counter and estimates each class's entries without scanning it: O(1) in the
    /// file's size (``MappedFile/estimate(_:now:)``: at most 1,024 slots read per class), so it
    /// costs the same at half a million slots as at a thousand.
    public func stats() -> CacheStats {
        let file = mapping()
        let now = now()
        let censuses = file.tables.map { file.estimate($0, now: now) }
        let census = censuses.reduce(into: MappedFile.Census()) { $0.add($1) }
        let classes = file.isFile ? zip(file.layout.classes, censuses).map { sizeClass, census in
            CacheStats.SizeClassStats(slotCount: sizeClass.slotCount, slotSize: sizeClass.slotSize,
                                      valueCapacity: file.layout.valueCapacity(of: sizeClass),
                                      entries: census.servable, freshEntries: census.fresh)
        } : []
        var counters: [CacheCounter: UInt64] = [:]
        for counter in CacheCounter.allCases { counters[counter] = file.counter(counter) }
        let hits = counters[.hits] ?? 0, misses = counters[.misses] ?? 0
        let capacity = file.isFile ? file.layout.slotCount : 0
        return CacheStats(
            path: path, isAvailable: file.isFile, layout: options.layout, fileSize: file.isFile ? file.size : 0,
            capacity: capacity, entries: census.servable, freshEntries: census.fresh,
            fillRatio: capacity == 0 ? 0 : Double(census.servable) / Double(capacity), classes: classes,
            hitRatio: hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses),
            counters: counters, callerCounters: options.callerCounters, callerValues: file.callerCounters(),
            generation: file.generation, createdAt: file.createdAt,
            oldestEntryAge: census.oldestStoredAt.map { Double(max(0, now - $0)) / 1000 })
    }

    /// Drops every entry for every process at once by bumping the generation (O(1)); entries of
    /// older generations are misses everywhere from then on. Returns how many servable entries
    /// there were (as ``stats()`` estimates them, just before the bump).
    @discardableResult
    public func clear() -> Int {
        let file = mapping()
        let now = now()
        let dropped = file.tables.reduce(0) { $0 + file.estimate($1, now: now).servable }
        _ = csm_fetch_add_u64(file.base + FileHeader.generationOffset, 1)
        file.resetCountedEntries()
        return dropped
    }
}

extension MappedFile {
    struct Census {
        var servable = 0
        var fresh = 0
        /// Slots holding an entry of the current generation, servable or past its stale window.
        var occupied = 0
        var oldestStoredAt: Int64? = nil

        mutating func add(_ other: Census) {
            servable += other.servable
            fresh += other.fresh
            occupied += other.occupied
            if let oldest = other.oldestStoredAt { oldestStoredAt = min(oldestStoredAt ?? .max, oldest) }
        }
    }

    /// Slots of a class read by ``estimate(_:now:)``: a class this small is counted exactly.
    static let sampledSlots = 1024

    /// A class's entries for stats, reading at most ``sampledSlots`` slots. A class of up to that
    /// many slots is counted slot by slot. A larger one takes its entries of the current
    /// generation from the count the writers keep (``countedEntries(_:)``; advisory, see
    /// ``SharedCache/account(_:_:slot:key:meta:)``), and which share of them is servable and
    /// fresh, and the oldest store, from ``sampledSlots`` slots spread evenly over the class
    /// (entries land at hashed slots, so any spread of slots is a fair sample). With no entry in
    /// the sample, every counted entry is taken as fresh and the oldest age is unknown.
    func estimate(_ table: SlotTable, now: Int64) -> Census {
        let slotCount = table.slotMask + 1
        guard slotCount > Self.sampledSlots else { return census(table, now: now, stride: 1) }
        let sample = census(table, now: now, stride: slotCount / Self.sampledSlots)
        let counted = countedEntries(table)
        guard sample.occupied > 0 else {
            return Census(servable: counted, fresh: counted, occupied: counted, oldestStoredAt: nil)
        }
        func share(_ part: Int) -> Int { Int((Double(counted) * Double(part) / Double(sample.occupied)).rounded()) }
        return Census(servable: share(sample.servable), fresh: share(sample.fresh), occupied: counted,
                      oldestStoredAt: sample.oldestStoredAt)
    }

    /// Counts the entries of the current generation in every `stride`-th slot of one class.
    /// Reads without the seqlock: a figure for stats, not an answer to serve.
    private func census(_ table: SlotTable, now: Int64, stride: Int) -> Census {
        let generation = self.generation
        var census = Census()
        for index in Swift.stride(from: 0, through: table.slotMask, by: stride) {
            let slot = table.slot(index)
            guard csm_load_u64_acquire(slot) & 1 == 0 else { continue }
            let meta = EntryMeta(slot: slot)
            guard meta.kindCode != 0, meta.generation == generation else { continue }
            census.occupied += 1
            guard now < meta.staleUntil else { continue }
            census.servable += 1
            if now < meta.expiresAt { census.fresh += 1 }
            census.oldestStoredAt = min(census.oldestStoredAt ?? .max, meta.storedAt)
        }
        return census
    }
}

/// What health polls: the file's shape and a few counters, read in O(1) (no slot scan), so it
/// can be asked on every health request.
public struct CacheFileSummary: Sendable {
    /// False while the cache runs without its file (then the sizes are 0 and the counters are
    /// this process's own).
    public let isAvailable: Bool
    public let fileSize: Int
    /// Slots in every class together.
    public let capacity: Int
    public let generation: UInt64
    /// When this file was built, ms since the epoch.
    public let createdAt: Int64
    /// hits / (hits + misses); 0 before any lookup.
    public let hitRatio: Double
    /// Times a damaged file was rebuilt (the count this file was born with).
    public let rebuilds: UInt64
    /// Readers that met a slot being written for too long or failing its checksum.
    public let tornReads: UInt64
}

extension SharedCache {
    /// ``CacheFileSummary`` of the current mapping (re-opening first if the file was replaced).
    public func summary() -> CacheFileSummary {
        let file = mapping()
        let hits = file.counter(.hits), misses = file.counter(.misses)
        return CacheFileSummary(isAvailable: file.isFile, fileSize: file.isFile ? file.size : 0,
                                capacity: file.isFile ? file.layout.slotCount : 0, generation: file.generation,
                                createdAt: file.createdAt,
                                hitRatio: hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses),
                                rebuilds: file.counter(.rebuilds), tornReads: file.counter(.tornReads))
    }
}

import CSharedMemory
import Glibc

/// One mapping of the cache file: its base address and the layout it was validated against.
/// The layout is ours, never re-read from the mapping, so a scribbled header cannot send an
/// index out of bounds. Unmapped when the last operation using it lets go (ARC), which is what
/// makes swapping in a re-opened file safe while other threads still read the old one.
///
/// Every file mapping is guarded against SIGBUS (`csm_guard_register`): if the file shrinks under
/// it, the mapping turns into zeros (``isDamaged``; the zero magic reads as retired) instead of
/// killing the process. A ``standIn`` is anonymous memory in the same shape, used while no file
/// can be opened: nothing stored there is kept (``isFile`` is false).
final class MappedFile: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let size: Int
    let layout: CacheLayout
    let device: UInt64
    let inode: UInt64
    let system: SystemCalls
    /// False for the stand-in: lookups miss, stores are skipped, counters are this process's own.
    let isFile: Bool
    private let guardID: Int32
    /// One table per size class, in class order. Unmanaged memory, not an array: the hot path
    /// reads it without retaining anything.
    let tables: UnsafeMutableBufferPointer<SlotTable>
    let keyCapacity: Int

    init(base: UnsafeMutableRawPointer, size: Int, layout: CacheLayout, device: UInt64, inode: UInt64,
         system: SystemCalls, isFile: Bool = true) {
        self.base = base
        self.size = size
        self.layout = layout
        self.device = device
        self.inode = inode
        self.system = system
        self.isFile = isFile
        // A full guard table (256 live mappings) only loses the protection, never the mapping.
        guardID = isFile ? csm_guard_register(base, size) : -1
        tables = .allocate(capacity: layout.classes.count)
        for (index, sizeClass) in layout.classes.enumerated() {
            (tables.baseAddress! + index).initialize(to: SlotTable(
                classIndex: index, region: base + layout.regionOffset(index), slotMask: sizeClass.slotCount - 1,
                slotSize: sizeClass.slotSize, probeLength: sizeClass.probeLength,
                payloadCapacity: sizeClass.payloadCapacity))
        }
        keyCapacity = layout.keyCapacity
        // Hash-table access is random: without this, every fault on a sparse region reads ahead
        // (allocating and zeroing) up to megabytes of neighbouring holes. Advisory: ignore errors.
        _ = system.madvise(base, size, MADV_RANDOM)
    }

    deinit {
        csm_guard_unregister(guardID)
        _ = system.munmap(base, size)
        tables.deallocate()
    }

    /// Anonymous zeroed memory shaped like a file of `layout`'s classes with one slot each, with
    /// a valid header (so it never reads as retired). Nil only when the process is out of memory.
    static func standIn(layout: CacheLayout, system: SystemCalls) -> MappedFile? {
        let shape = CacheLayout(classes: layout.classes.map { CacheLayout.SizeClass(slotCount: 1, slotSize: $0.slotSize,
                                                                                     probeLength: 1) },
                                keyCapacity: layout.keyCapacity)
        let address = Glibc.mmap(nil, shape.fileSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        guard let address, address != MAP_FAILED else { return nil }
        FileHeader.initialize(address, layout: shape, createdAt: system.wallMilliseconds(), rebuilds: 0)
        return MappedFile(base: address, size: shape.fileSize, layout: shape, device: 0, inode: 0, system: system,
                          isFile: false)
    }

    /// True once a SIGBUS in this mapping was absorbed: the file shrank (truncated, or a disk
    /// that could not back a page) and the mapping now reads zeros.
    var isDamaged: Bool { csm_guard_damaged(guardID) != 0 }

    /// The class whose slots fit a key and a value of these lengths, or nil when none does.
    func table(keyLength: Int, valueLength: Int) -> SlotTable? {
        tables.first { keyLength + valueLength <= $0.payloadCapacity }
    }

    var generation: UInt64 { csm_load_u64_acquire(base + FileHeader.generationOffset) }

    var createdAt: Int64 { base.load(fromByteOffset: FileHeader.createdAtOffset, as: Int64.self) }

    /// True once another process marked this file replaced, or its magic was overwritten.
    var isRetired: Bool {
        csm_load_u32_relaxed(base + FileHeader.retiredOffset) != 0
            || csm_load_u64_relaxed(base + FileHeader.magicOffset) != FileHeader.magic
    }

    @inline(__always) func add(_ counter: CacheCounter, _ amount: UInt64 = 1) {
        _ = csm_fetch_add_u64(base + counter.offset, amount)
    }

    func counter(_ counter: CacheCounter) -> UInt64 { csm_load_u64_relaxed(base + counter.offset) }

    /// The entries of the current generation in class `classIndex` as the writers counted them
    /// (advisory: see ``SharedCache/account(_:_:slot:key:meta:)``), clamped to the class's slots.
    func countedEntries(_ table: SlotTable) -> Int {
        let word = csm_load_u64_relaxed(base + FileHeader.classEntriesOffset + table.classIndex * 8)
        return min(max(0, Int(Int64(bitPattern: word))), table.slotMask + 1)
    }

    @inline(__always) func addEntries(_ table: SlotTable, _ delta: Int64) {
        _ = csm_fetch_add_u64(base + FileHeader.classEntriesOffset + table.classIndex * 8, UInt64(bitPattern: delta))
    }

    /// Zeroes every class's entry count (after a clear: no entry is of the new generation).
    func resetCountedEntries() {
        for index in 0..<tables.count { csm_store_u64_relaxed(base + FileHeader.classEntriesOffset + index * 8, 0) }
    }

    /// Calls `body` with each class that may hold a copy of `key`, smallest first, until it
    /// returns true: the first class always, a larger one only while the previous class's home
    /// slot for `key` counts entries spilled to larger classes (``SlotField/spill``). A lookup of
    /// a key that lives in the smallest class, hit or miss, so probes that class alone.
    @inline(__always) func forEachClass(mayHolding key: CacheKey, _ body: (SlotTable) -> Bool) {
        for table in tables {
            if body(table) || !table.spills(homeOf: key.hash) { return }
        }
    }

    @inline(__always) func add(_ counter: CallerCounter, _ amount: UInt64 = 1) {
        _ = csm_fetch_add_u64(base + counter.offset, amount)
    }

    /// Every caller counter word, by slot.
    func callerCounters() -> [UInt64] {
        (0..<FileHeader.callerCounterCapacity).map {
            csm_load_u64_relaxed(base + FileHeader.callerCountersOffset + $0 * 8)
        }
    }
}

/// One size class's open-addressing table inside a mapping, its layout values precomputed.
struct SlotTable {
    let classIndex: Int
    /// The class's first slot.
    let region: UnsafeMutableRawPointer
    let slotMask: Int
    let slotSize: Int
    let probeLength: Int
    /// Bytes of key and value together a slot holds.
    let payloadCapacity: Int

    @inline(__always) func slot(_ index: Int) -> UnsafeMutableRawPointer { region + index &* slotSize }

    @inline(__always) func homeSlot(_ key: CacheKey) -> Int { homeSlot(hash: key.hash) }

    @inline(__always) func homeSlot(hash: UInt64) -> Int { Int(truncatingIfNeeded: hash) & slotMask }

    /// Whether entries of larger classes have their home at the home slot of `hash` here.
    @inline(__always) func spills(homeOf hash: UInt64) -> Bool {
        csm_load_u32_relaxed(slot(homeSlot(hash: hash)) + SlotField.spill) != 0
    }

    /// Counts one more (or, `delta` -1, one fewer) entry of a larger class homed at `hash`'s
    /// home slot here. Never below zero, so a count left high by a killed writer costs probes
    /// until it is worked off, and one left low only a miss (the entry is stored again).
    func addSpill(homeOf hash: UInt64, _ delta: Int32) {
        let word = slot(homeSlot(hash: hash)) + SlotField.spill
        if delta > 0 {
            _ = csm_fetch_add_u32(word, UInt32(delta))
            return
        }
        var current = csm_load_u32_relaxed(word)
        while current > 0 {
            let seen = csm_cas_u32(word, current, current - 1)
            if seen == current { return }
            current = seen
        }
    }

    /// The slot after `index` in a probe (wrapping within the class).
    @inline(__always) func next(_ index: Int) -> Int { (index &+ 1) & slotMask }

    /// Visits the slots of `key`'s probe window in order until `body` returns true, or after the
    /// first slot never written (sequence 0; a written slot's sequence only grows). No key sits
    /// past such a slot: a store takes the first reusable slot of its window, so every slot
    /// before the one it takes was written. A miss in a table at half load therefore reads
    /// about 2.5 slots, not the whole window.
    @inline(__always) func forEachSlot(inWindowOf key: CacheKey, _ body: (Int) -> Bool) {
        var index = homeSlot(key)
        for _ in 0..<probeLength {
            if body(index) || csm_load_u64_relaxed(slot(index) + SlotField.sequence) == 0 { return }
            index = next(index)
        }
    }
}

import CSharedMemory
import Glibc

/// One mapping of the cache file: its base address and the layout it was validated against.
/// The layout is ours, never re-read from the mapping, so a scribbled header cannot send an
/// index out of bounds. Unmapped when the last operation using it lets go (ARC), which is what
/// makes swapping in a re-opened file safe while other threads still read the old one.
final class MappedFile: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
    let size: Int
    let layout: CacheLayout
    let device: UInt64
    let inode: UInt64
    let system: SystemCalls
    // Hot layout values, precomputed.
    let slotMask: Int
    let slotSize: Int
    let probeLength: Int
    let valueOffset: Int
    let valueCapacity: Int
    let keyCapacity: Int

    init(base: UnsafeMutableRawPointer, size: Int, layout: CacheLayout, device: UInt64, inode: UInt64,
         system: SystemCalls) {
        self.base = base
        self.size = size
        self.layout = layout
        self.device = device
        self.inode = inode
        self.system = system
        slotMask = layout.slotCount - 1
        slotSize = layout.slotSize
        probeLength = layout.probeLength
        valueOffset = layout.valueOffset
        valueCapacity = layout.valueCapacity
        keyCapacity = layout.keyCapacity
        // Hash-table access is random: without this, every fault on a sparse region reads ahead
        // (allocating and zeroing) up to megabytes of neighbouring holes. Advisory: ignore errors.
        _ = system.madvise(base, size, MADV_RANDOM)
    }

    deinit { _ = system.munmap(base, size) }

    @inline(__always) func slot(_ index: Int) -> UnsafeMutableRawPointer {
        base + FileHeader.size + index &* slotSize
    }

    @inline(__always) func homeSlot(_ key: CacheKey) -> Int { Int(truncatingIfNeeded: key.hash) & slotMask }

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
}

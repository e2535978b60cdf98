import CSharedMemory

/// Byte offsets of the header page at the start of the file. Offsets, never pointers: every
/// process maps the file at a different address.
///
/// ```
///    0 magic "HSCACHE\u{1}"     8 format version     12 header size
///   16 class count  20 (zero)  24 key capacity  28 largest value capacity  32 (zero)
///   40 created at (ms)  48 retired flag (fixed forever)  56 descriptor checksum (bytes 0..<48 and the class table)
///   64 generation  72 CLOCK hand  80 search rate limiter schedule (µs)  88 general rate limiter schedule (µs)
///   96 OpenPhone rate limiter schedule (µs)  104 HubSpot outbox rate limiter schedule (µs)
///  112..<128 free (zero in every file so far)
///  128 the cache's counters (32 x u64)   384 caller counters (32 x u64)
///  640 class table (8 x {slot count, slot size, probe length, value capacity} u32)
///  768 entries per class (8 x i64: entries of the current generation in each class's slots)   832..<1024 free
/// 1024 fill leases (192 stripes x {lease, outcome})
/// ```
///
/// After the header, each class's slots in class order (``CacheLayout/regionOffset(_:)``).
enum FileHeader {
    static let size = 4096
    static let magic: UInt64 = 0x0143_4548_4341_5348  // "HSCACHE\u{1}" little-endian
    /// 4: size classes (the class table; the value follows the key in a slot), each slot's
    /// spill count, the entries per class. A file of another version is rebuilt.
    static let formatVersion: UInt32 = 4

    static let magicOffset = 0
    static let versionOffset = 8
    static let headerSizeOffset = 12
    static let classCountOffset = 16
    static let keyCapacityOffset = 24
    static let valueCapacityOffset = 28
    static let createdAtOffset = 40
    /// Set to 1 in a file about to be replaced, so processes mapping it re-open at once.
    /// Its offset must never change between format versions.
    static let retiredOffset = 48
    static let descriptorChecksumOffset = 56
    static let generationOffset = 64
    static let clockHandOffset = 72
    static let rateScheduleOffset = 80
    static let generalRateScheduleOffset = 88
    /// Zero in files written before it was used, which reads as "nothing scheduled": no format change.
    static let openPhoneRateScheduleOffset = 96
    static let hubspotOutboxRateScheduleOffset = 104
    static let countersOffset = 128
    static let counterCapacity = 32
    static let callerCountersOffset = countersOffset + counterCapacity * 8
    static let callerCounterCapacity = 32
    static let classTableOffset = 640
    static let classEntrySize = 16
    static let classEntriesOffset = 768
    static let fillLeasesOffset = 1024
    static let fillStripeCount = 192
    static let fillStripeSize = 16

    /// The checksum over the immutable descriptor (bytes 0..<48 and the class table), so random
    /// bytes that happen to start with the magic are still rejected.
    static func descriptorChecksum(_ base: UnsafeRawPointer) -> UInt64 {
        let head = csm_hash64(base, retiredOffset, 0x4845_4144_4552)
        return csm_hash64_continue(head, base + classTableOffset, CacheLayout.maximumClassCount * classEntrySize)
    }

    /// Writes a fresh header for `layout` into zeroed memory.
    static func initialize(_ base: UnsafeMutableRawPointer, layout: CacheLayout, createdAt: Int64, rebuilds: UInt64) {
        base.storeBytes(of: formatVersion, toByteOffset: versionOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(size), toByteOffset: headerSizeOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.classes.count), toByteOffset: classCountOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.keyCapacity), toByteOffset: keyCapacityOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.valueCapacity), toByteOffset: valueCapacityOffset, as: UInt32.self)
        for (index, sizeClass) in layout.classes.enumerated() {
            let entry = classTableOffset + index * classEntrySize
            let words = [sizeClass.slotCount, sizeClass.slotSize, sizeClass.probeLength, layout.valueCapacity(of: sizeClass)]
            for (word, value) in words.enumerated() {
                base.storeBytes(of: UInt32(value), toByteOffset: entry + word * 4, as: UInt32.self)
            }
        }
        base.storeBytes(of: createdAt, toByteOffset: createdAtOffset, as: Int64.self)
        base.storeBytes(of: 1 as UInt64, toByteOffset: generationOffset, as: UInt64.self)
        base.storeBytes(of: rebuilds, toByteOffset: CacheCounter.rebuilds.offset, as: UInt64.self)
        base.storeBytes(of: magic, toByteOffset: magicOffset, as: UInt64.self)
        base.storeBytes(of: descriptorChecksum(base), toByteOffset: descriptorChecksumOffset, as: UInt64.self)
    }

    /// Why the header in `base` (at least `size` bytes) does not describe `layout` in a file of
    /// `fileSize` bytes, or nil when it does.
    static func problem(_ base: UnsafeRawPointer, layout: CacheLayout, fileSize: Int) -> String? {
        func u32(_ offset: Int) -> Int { Int(base.load(fromByteOffset: offset, as: UInt32.self)) }
        if base.load(fromByteOffset: magicOffset, as: UInt64.self) != magic { return "bad magic" }
        let version = base.load(fromByteOffset: versionOffset, as: UInt32.self)
        if version != formatVersion { return "format version \(version), expected \(formatVersion)" }
        if base.load(fromByteOffset: descriptorChecksumOffset, as: UInt64.self) != descriptorChecksum(base) {
            return "descriptor checksum mismatch"
        }
        if u32(headerSizeOffset) != size { return "header size \(u32(headerSizeOffset))" }
        let classCount = u32(classCountOffset)
        guard (1...CacheLayout.maximumClassCount).contains(classCount) else { return "\(classCount) size classes" }
        let classes = (0..<classCount).map { index in
            let entry = classTableOffset + index * classEntrySize
            return CacheLayout.SizeClass(slotCount: u32(entry), slotSize: u32(entry + 4), probeLength: u32(entry + 8))
        }
        let found = CacheLayout(classes: classes, keyCapacity: u32(keyCapacityOffset))
        let capacities = (0..<classCount).map { u32(classTableOffset + $0 * classEntrySize + 12) }
        if found != layout || u32(valueCapacityOffset) != layout.valueCapacity
            || capacities != layout.classes.map({ layout.valueCapacity(of: $0) }) {
            return "layout \(found), expected \(layout)"
        }
        if fileSize != layout.fileSize { return "file size \(fileSize), expected \(layout.fileSize)" }
        if base.load(fromByteOffset: retiredOffset, as: UInt32.self) != 0 { return "retired" }
        return nil
    }
}

import CSharedMemory

/// Byte offsets of the header page at the start of the file. Offsets, never pointers: every
/// process maps the file at a different address.
///
/// ```
///    0 magic "HSCACHE\u{1}"     8 format version     12 header size
///   16 slot count  20 slot size  24 key capacity  28 value capacity  32 probe length
///   40 created at (ms)  48 retired flag (fixed forever)  56 descriptor checksum (bytes 0..<48)
///   64 generation  72 CLOCK hand  80 search rate limiter schedule (µs)  88 general rate limiter schedule (µs)
///   96 OpenPhone rate limiter schedule (µs)  104 HubSpot outbox rate limiter schedule (µs)
///  112..<128 free (zero in every file so far)
///  128 the cache's counters (32 x u64)   384 caller counters (32 x u64)
/// 1024 fill leases (192 stripes x {lease, outcome})
/// ```
enum FileHeader {
    static let size = 4096
    static let magic: UInt64 = 0x0143_4548_4341_5348  // "HSCACHE\u{1}" little-endian
    static let formatVersion: UInt32 = 2

    static let magicOffset = 0
    static let versionOffset = 8
    static let headerSizeOffset = 12
    static let slotCountOffset = 16
    static let slotSizeOffset = 20
    static let keyCapacityOffset = 24
    static let valueCapacityOffset = 28
    static let probeLengthOffset = 32
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
    static let fillLeasesOffset = 1024
    static let fillStripeCount = 192
    static let fillStripeSize = 16

    /// The checksum over the immutable descriptor (bytes 0..<48), so random bytes that happen to
    /// start with the magic are still rejected.
    static func descriptorChecksum(_ base: UnsafeRawPointer) -> UInt64 {
        csm_hash64(base, retiredOffset, 0x4845_4144_4552)
    }

    /// Writes a fresh header for `layout` into zeroed memory.
    static func initialize(_ base: UnsafeMutableRawPointer, layout: CacheLayout, createdAt: Int64, rebuilds: UInt64) {
        base.storeBytes(of: formatVersion, toByteOffset: versionOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(size), toByteOffset: headerSizeOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.slotCount), toByteOffset: slotCountOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.slotSize), toByteOffset: slotSizeOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.keyCapacity), toByteOffset: keyCapacityOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.valueCapacity), toByteOffset: valueCapacityOffset, as: UInt32.self)
        base.storeBytes(of: UInt32(layout.probeLength), toByteOffset: probeLengthOffset, as: UInt32.self)
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
        let found = CacheLayout(slotCount: u32(slotCountOffset), slotSize: u32(slotSizeOffset),
                                keyCapacity: u32(keyCapacityOffset), probeLength: u32(probeLengthOffset))
        if found != layout || u32(valueCapacityOffset) != layout.valueCapacity {
            return "layout \(found), expected \(layout)"
        }
        if fileSize != layout.fileSize { return "file size \(fileSize), expected \(layout.fileSize)" }
        if base.load(fromByteOffset: retiredOffset, as: UInt32.self) != 0 { return "retired" }
        return nil
    }
}

/// The shape of the cache file: how many slots, how big, how much of each slot is key and value,
/// and how far a key may sit from its home slot. Every process must open the file with the same
/// layout; a file of another layout is rebuilt.
///
/// ```swift
/// let layout = CacheLayout(slotCount: 16_384, slotSize: 2048)   // 32 MiB + one header page
/// layout.valueCapacity   // 1848 bytes of rendered JSON per entry
/// ```
public struct CacheLayout: Sendable, Hashable, CustomStringConvertible {
    /// Number of slots; a power of two so the home slot is a mask of the key's hash.
    public var slotCount: Int
    /// Bytes per slot; a multiple of 64 (cache lines) so no slot straddles a line it doesn't own.
    public var slotSize: Int
    /// Longest key in bytes (`+19025551234`, `search:<query>`); a multiple of 8.
    public var keyCapacity: Int
    /// Slots examined from the home slot for a lookup or a store (open addressing, bounded).
    public var probeLength: Int

    /// 16,384 slots of 2 KiB (32 MiB): ~1.8 KiB of JSON per entry, 120-byte keys, probe of 8.
    public static let `default` = CacheLayout(slotCount: 16_384, slotSize: 2048)

    public init(slotCount: Int, slotSize: Int, keyCapacity: Int = 120, probeLength: Int = 8) {
        self.slotCount = slotCount
        self.slotSize = slotSize
        self.keyCapacity = keyCapacity
        self.probeLength = probeLength
    }

    /// Bytes of value (rendered JSON) one slot can hold.
    public var valueCapacity: Int { slotSize - SlotField.key - keyCapacity }

    /// Header page plus the slots. The file is created sparse (ftruncate): untouched slots cost no disk.
    public var fileSize: Int { FileHeader.size + slotCount * slotSize }

    /// Offset of the value bytes inside a slot.
    var valueOffset: Int { SlotField.key + keyCapacity }

    /// Why this layout cannot be used, or nil.
    public var problem: String? {
        if slotCount < 1 || slotCount & (slotCount - 1) != 0 || slotCount > 1 << 30 {
            return "slot count must be a power of two between 1 and 2^30"
        }
        if slotSize % 64 != 0 || slotSize > 1 << 20 { return "slot size must be a multiple of 64 up to 1 MiB" }
        if keyCapacity < 16 || keyCapacity % 8 != 0 || keyCapacity > Int(UInt16.max) {
            return "key capacity must be a multiple of 8 between 16 and 65535"
        }
        if valueCapacity < 64 { return "slot size leaves less than 64 bytes for the value" }
        if probeLength < 1 || probeLength > 64 || probeLength > slotCount {
            return "probe length must be between 1 and min(64, slot count)"
        }
        return nil
    }

    public var description: String {
        "\(slotCount) slots x \(slotSize) B (key \(keyCapacity) B, value \(valueCapacity) B, probe \(probeLength))"
    }
}

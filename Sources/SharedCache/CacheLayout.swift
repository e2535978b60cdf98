/// The shape of the cache file: one or more size classes (each an open-addressing table of
/// equal slots), the longest key, and how far a key may sit from its home slot. Every process
/// must open the file with the same layout; a file of another layout is rebuilt.
///
/// A value is stored in the smallest class whose slots fit its key and value, so a few hundred
/// bytes of contact do not take a slot sized for a page of fifty (see ``SharedCache/store(_:value:kind:ttl:staleTTL:)``).
///
/// ```swift
/// let layout = CacheLayout(slotCount: 16_384, slotSize: 2048)   // one class: 32 MiB + one header page
/// layout.valueCapacity   // 1848 bytes of value per entry, whatever the key
/// let classes = CacheLayout(classes: [.init(slotCount: 1 << 19, slotSize: 448, probeLength: 64),
///                                     .init(slotCount: 1 << 14, slotSize: 16_384, probeLength: 64)])
/// ```
public struct CacheLayout: Sendable, Hashable, CustomStringConvertible {
    /// One open-addressing table of equal slots in the file.
    public struct SizeClass: Sendable, Hashable, CustomStringConvertible {
        /// Number of slots; a power of two so the home slot is a mask of the key's hash.
        public var slotCount: Int
        /// Bytes per slot; a multiple of 64 (cache lines) so no slot straddles a line it doesn't own.
        public var slotSize: Int
        /// Slots examined from the home slot for a lookup or a store (open addressing, bounded).
        /// Bounded linear probing overflows (evicts) long before the table is full: at half
        /// load a window of 8 already overflows for about 1 key in 300, one of 64 practically never.
        public var probeLength: Int

        public init(slotCount: Int, slotSize: Int, probeLength: Int = 8) {
            self.slotCount = slotCount
            self.slotSize = slotSize
            self.probeLength = probeLength
        }

        /// Bytes of key and value together one slot holds (the value follows the key's bytes).
        var payloadCapacity: Int { slotSize - SlotField.key }

        /// Bytes of the table.
        var byteCount: Int { slotCount * slotSize }

        public var description: String { "\(slotCount) x \(slotSize) B (probe \(probeLength))" }
    }

    /// The classes, smallest slots first: the order stores try them and lookups probe them.
    public var classes: [SizeClass]
    /// Longest key in bytes (`+19025551234`, `search:<query>`); a multiple of 8.
    public var keyCapacity: Int

    /// Most classes a file may have (the header's class table).
    public static let maximumClassCount = 8

    /// 16,384 slots of 2 KiB (32 MiB): ~1.8 KiB of value per entry, 120-byte keys, probe of 8.
    public static let `default` = CacheLayout(slotCount: 16_384, slotSize: 2048)

    public init(classes: [SizeClass], keyCapacity: Int = 120) {
        self.classes = classes
        self.keyCapacity = keyCapacity
    }

    /// One class of `slotCount` slots of `slotSize` bytes.
    public init(slotCount: Int, slotSize: Int, keyCapacity: Int = 120, probeLength: Int = 8) {
        self.init(classes: [SizeClass(slotCount: slotCount, slotSize: slotSize, probeLength: probeLength)],
                  keyCapacity: keyCapacity)
    }

    /// Slots in every class together.
    public var slotCount: Int { classes.reduce(0) { $0 + $1.slotCount } }

    /// Bytes of value the largest class holds under a key of ``keyCapacity`` bytes: the largest
    /// value every key can store (a shorter key leaves its unused bytes to the value).
    public var valueCapacity: Int { classes.last.map { valueCapacity(of: $0) } ?? 0 }

    /// Bytes of value `sizeClass` holds under a key of ``keyCapacity`` bytes.
    public func valueCapacity(of sizeClass: SizeClass) -> Int { sizeClass.payloadCapacity - keyCapacity }

    /// The index of the smallest class whose slots fit a key and a value of these lengths, or
    /// nil when none does.
    public func classIndex(keyLength: Int, valueLength: Int) -> Int? {
        classes.firstIndex { keyLength + valueLength <= $0.payloadCapacity }
    }

    /// Header page plus every class's table. The file's blocks are allocated when it is built.
    public var fileSize: Int { FileHeader.size + classes.reduce(0) { $0 + $1.byteCount } }

    /// Offset in the file of class `index`'s first slot: the header page, then the classes in order.
    public func regionOffset(_ index: Int) -> Int {
        FileHeader.size + classes[..<index].reduce(0) { $0 + $1.byteCount }
    }

    /// Why this layout cannot be used, or nil.
    public var problem: String? {
        if classes.isEmpty || classes.count > Self.maximumClassCount {
            return "a layout needs 1 to \(Self.maximumClassCount) size classes"
        }
        if keyCapacity < 16 || keyCapacity % 8 != 0 || keyCapacity > Int(UInt16.max) {
            return "key capacity must be a multiple of 8 between 16 and 65535"
        }
        for (index, sizeClass) in classes.enumerated() {
            let slotCount = sizeClass.slotCount, slotSize = sizeClass.slotSize
            if slotCount < 1 || slotCount & (slotCount - 1) != 0 || slotCount > 1 << 30 {
                return "slot count must be a power of two between 1 and 2^30"
            }
            if slotSize % 64 != 0 || slotSize > 1 << 20 { return "slot size must be a multiple of 64 up to 1 MiB" }
            if valueCapacity(of: sizeClass) < 64 { return "slot size leaves less than 64 bytes for the value" }
            if sizeClass.probeLength < 1 || sizeClass.probeLength > 64 || sizeClass.probeLength > slotCount {
                return "probe length must be between 1 and min(64, slot count)"
            }
            if index > 0 && slotSize <= classes[index - 1].slotSize {
                return "size classes must be listed by strictly growing slot size"
            }
        }
        if fileSize > Int(Int64.max / 2) { return "file too large" }
        return nil
    }

    public var description: String {
        if classes.count == 1, let only = classes.first {
            return "\(only.slotCount) slots x \(only.slotSize) B (key \(keyCapacity) B, value \(valueCapacity) B, "
                + "probe \(only.probeLength))"
        }
        return "classes " + classes.map { "\($0) value \(valueCapacity(of: $0)) B" }.joined(separator: ", ")
            + " (key \(keyCapacity) B)"
    }
}

import CSharedMemory

/// An entry's metadata as read from (or written to) a slot, and its checksum.
struct EntryMeta: Equatable {
    var generation: UInt64
    var storedAt: Int64
    var expiresAt: Int64
    var staleUntil: Int64
    var keyLength: Int
    var kindCode: UInt8
    var valueLength: Int

    /// Plain loads: only meaningful inside a seqlock read that validates the sequence afterwards.
    @inline(__always) init(slot: UnsafeRawPointer) {
        generation = slot.load(fromByteOffset: SlotField.generation, as: UInt64.self)
        storedAt = slot.load(fromByteOffset: SlotField.storedAt, as: Int64.self)
        expiresAt = slot.load(fromByteOffset: SlotField.expiresAt, as: Int64.self)
        staleUntil = slot.load(fromByteOffset: SlotField.staleUntil, as: Int64.self)
        keyLength = Int(slot.load(fromByteOffset: SlotField.keyLength, as: UInt16.self))
        kindCode = slot.load(fromByteOffset: SlotField.kind, as: UInt8.self)
        valueLength = Int(slot.load(fromByteOffset: SlotField.valueLength, as: UInt32.self))
    }

    init(generation: UInt64, storedAt: Int64, expiresAt: Int64, staleUntil: Int64, keyLength: Int,
         kindCode: UInt8, valueLength: Int) {
        self.generation = generation
        self.storedAt = storedAt
        self.expiresAt = expiresAt
        self.staleUntil = staleUntil
        self.keyLength = keyLength
        self.kindCode = kindCode
        self.valueLength = valueLength
    }

    static let empty = EntryMeta(generation: 0, storedAt: 0, expiresAt: 0, staleUntil: 0, keyLength: 0,
                                 kindCode: 0, valueLength: 0)

    func store(into slot: UnsafeMutableRawPointer) {
        slot.storeBytes(of: generation, toByteOffset: SlotField.generation, as: UInt64.self)
        slot.storeBytes(of: storedAt, toByteOffset: SlotField.storedAt, as: Int64.self)
        slot.storeBytes(of: expiresAt, toByteOffset: SlotField.expiresAt, as: Int64.self)
        slot.storeBytes(of: staleUntil, toByteOffset: SlotField.staleUntil, as: Int64.self)
        slot.storeBytes(of: UInt16(keyLength), toByteOffset: SlotField.keyLength, as: UInt16.self)
        slot.storeBytes(of: kindCode, toByteOffset: SlotField.kind, as: UInt8.self)
        slot.storeBytes(of: UInt32(valueLength), toByteOffset: SlotField.valueLength, as: UInt32.self)
    }

    /// The checksum over this metadata, the key and the value: what a reader recomputes to reject
    /// a slot whose bytes do not belong together (a killed or overrun writer, a scribble).
    func checksum(key: UnsafeRawBufferPointer, value: UnsafeRawBufferPointer) -> UInt64 {
        var words = (generation, UInt64(bitPattern: storedAt), UInt64(bitPattern: expiresAt),
                     UInt64(bitPattern: staleUntil),
                     UInt64(keyLength) | UInt64(kindCode) << 16 | UInt64(valueLength) << 32)
        var hash = withUnsafeBytes(of: &words) { csm_hash64($0.baseAddress, $0.count, 0x636B_7375_6D) }
        hash = csm_hash64_continue(hash, key.baseAddress, key.count)
        return csm_hash64_continue(hash, value.baseAddress, value.count)
    }
}

/// Byte offsets inside one slot. The first 80 bytes are the entry's metadata, then the key, then
/// the value right after the key's bytes, so a hit reads one contiguous run of memory and a short
/// key (a phone number) leaves the slot's room to the value.
///
/// ```
///  0 sequence (seqlock: odd while a writer is inside)    8 write lease (pid + deadline)
/// 16 key hash (0 = empty; a hint read without the seqlock)  24 CLOCK reference bit  28 value length
/// 32 generation  40 stored at  48 expires at  56 stale until (ms since epoch)
/// 64 key length (u16)  66 kind (u8: 0 empty, 1 found, 2 not found)  68 spill count (u32)  72 checksum
/// 80 key bytes [key length]   80 + key length value bytes [value length]   (together ≤ slot size - 80)
/// ```
///
/// The spill count belongs to the slot as a *home*, not to the entry in it: how many entries
/// of larger size classes have their home slot here (in this class's table), so a lookup that
/// misses here probes the next class only when something may be there (see
/// ``SharedCache/find(_:_:now:markReferenced:)``). Atomic adds by writers of those classes;
/// never written by an entry's own write, outside the seqlock and the checksum.
enum SlotField {
    static let sequence = 0
    static let lease = 8
    static let keyHash = 16
    static let reference = 24
    static let valueLength = 28
    static let generation = 32
    static let storedAt = 40
    static let expiresAt = 48
    static let staleUntil = 56
    static let keyLength = 64
    static let kind = 66
    static let spill = 68
    static let checksum = 72
    static let key = 80
}

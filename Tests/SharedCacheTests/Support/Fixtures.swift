@testable @_spi(Testing) import SharedCache
import Glibc
import Synchronization

/// Wall-clock time a test moves by hand (TTL tests do not sleep).
final class ManualClock: Sendable {
    let milliseconds = Atomic<Int64>(1_750_000_000_000)

    func advance(seconds: Double) { milliseconds.add(Int64(seconds * 1000), ordering: .relaxed) }
}

extension SystemCalls {
    /// The live calls with a manual wall clock.
    static func manual(_ clock: ManualClock) -> SystemCalls {
        var calls = SystemCalls.live
        calls.wallMilliseconds = { clock.milliseconds.load(ordering: .relaxed) }
        calls.wallMicroseconds = { clock.milliseconds.load(ordering: .relaxed) * 1000 }
        return calls
    }
}

/// Collects log events.
final class EventLog: Sendable {
    private let events = Mutex<[CacheEvent]>([])

    var handler: @Sendable (CacheEvent) -> Void { { event in self.events.withLock { $0.append(event) } } }
    var all: [CacheEvent] { events.withLock { $0 } }
    var names: [String] { all.map(\.name) }
}

/// A small layout: 64 slots of 512 B.
let smallLayout = CacheLayout(slotCount: 64, slotSize: 512)

func options(_ layout: CacheLayout = smallLayout, log: EventLog? = nil) -> SharedCache.Options {
    SharedCache.Options(layout: layout, log: log?.handler)
}

func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// The slot a key landed in: its class's table and index (scans every class's probe window
/// for the key hash).
func slotLocation(of key: CacheKey, in cache: SharedCache) -> (table: SlotTable, index: Int)? {
    for table in cache.mapping().tables {
        var index = table.homeSlot(key)
        for _ in 0..<table.probeLength {
            if table.slot(index).load(fromByteOffset: SlotField.keyHash, as: UInt64.self) == key.hash {
                return (table, index)
            }
            index = table.next(index)
        }
    }
    return nil
}

/// The address of the slot a key landed in.
func slotAddress(of key: CacheKey, in cache: SharedCache) -> UnsafeMutableRawPointer? {
    slotLocation(of: key, in: cache).map { $0.table.slot($0.index) }
}

/// How many slots, in every class, hold a copy of `key` (of any generation or age).
func copies(of key: CacheKey, in cache: SharedCache) -> Int {
    cache.mapping().tables.reduce(0) { count, table in
        var index = table.homeSlot(key), found = 0
        for _ in 0..<table.probeLength {
            if case .keyMatch = table.read(slot: index, key: key, copyValue: false) { found += 1 }
            index = table.next(index)
        }
        return count + found
    }
}

/// Failure codes of a test's own upstream.
extension FillFailureCode {
    static let timeout = FillFailureCode(5)
    static let unavailable = FillFailureCode(4)
    static let other = FillFailureCode(7)
}

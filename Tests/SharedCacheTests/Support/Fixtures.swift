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

/// The slot a key landed in (scans its probe window for the key hash).
func slotIndex(of key: CacheKey, in cache: SharedCache) -> Int? {
    let file = cache.mapping()
    var index = file.homeSlot(key)
    for _ in 0..<file.probeLength {
        if file.slot(index).load(fromByteOffset: SlotField.keyHash, as: UInt64.self) == key.hash { return index }
        index = (index + 1) & file.slotMask
    }
    return nil
}

/// Failure codes of a test's own upstream.
extension FillFailureCode {
    static let timeout = FillFailureCode(5)
    static let unavailable = FillFailureCode(4)
    static let other = FillFailureCode(7)
}

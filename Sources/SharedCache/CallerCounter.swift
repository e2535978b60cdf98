/// A counter a caller of the cache keeps in the file header beside the cache's own
/// (``CacheCounter``): shared by every process, exact, and reset only when the file is rebuilt.
/// The cache knows a caller counter only by its slot; its name is what stats report.
///
/// Callers declare theirs as static values, and register them in
/// ``SharedCache/Options/callerCounters`` so ``CacheStats`` lists them by name:
///
/// ```swift
/// extension CallerCounter {
///     static let upstreamCalls = CallerCounter(slot: 0, name: "upstream_calls")
/// }
/// options.callerCounters = [.upstreamCalls]
/// cache.increment(.upstreamCalls)
/// cache.stats().count(.upstreamCalls)
/// ```
public struct CallerCounter: Hashable, Sendable, CustomStringConvertible {
    /// How many caller counters the header holds.
    public static let capacity = FileHeader.callerCounterCapacity

    /// Which of the header's caller counter words, `0..<capacity`.
    public let slot: Int
    /// snake_case, for JSON keys and Prometheus metric names.
    public let name: String

    /// - Precondition: `slot` is in `0..<capacity`.
    public init(slot: Int, name: String) {
        precondition((0..<Self.capacity).contains(slot), "caller counter slot \(slot) is outside 0..<\(Self.capacity)")
        self.slot = slot
        self.name = name
    }

    public var description: String { name }

    var offset: Int { FileHeader.callerCountersOffset + slot * 8 }
}

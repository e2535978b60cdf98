/// Why a fill's `produce` failed, in the caller's own terms: one byte, so that processes
/// waiting on the fill learn it from the fill stripe. Callers declare theirs as static values.
///
/// ```swift
/// extension FillFailureCode {
///     static let timeout = FillFailureCode(5)
/// }
/// cache.fill(key: key, waitTimeout: 1) { .failed(.timeout) }
/// ```
public struct FillFailureCode: Hashable, Sendable, CustomStringConvertible {
    /// The largest code a caller may use; the ones above it are the fill stripe's own.
    public static let maximum: UInt8 = 0x7E

    public let rawValue: UInt8

    /// - Precondition: `rawValue` is in `1...maximum`.
    public init(_ rawValue: UInt8) {
        precondition((1...Self.maximum).contains(rawValue), "fill failure code \(rawValue) is outside 1...\(Self.maximum)")
        self.rawValue = rawValue
    }

    private init(reserved rawValue: UInt8) { self.rawValue = rawValue }

    /// `produce` threw: the cache knows nothing more about why.
    public static let produceThrew = FillFailureCode(reserved: maximum + 1)

    /// A code read back from the fill stripe, if it is a failure's.
    init?(stored rawValue: UInt8) {
        guard (1...Self.maximum + 1).contains(rawValue) else { return nil }
        self.rawValue = rawValue
    }

    public var description: String { "failure \(rawValue)" }
}

/// What a fill's `produce` (the upstream call) found out.
public enum FillResult: Sendable, Equatable {
    /// The upstream has it: stored as `.found` with these TTLs (seconds).
    case found([UInt8], ttl: Double, staleTTL: Double)
    /// The upstream confirmed it has nothing: stored as `.notFound` (the negative TTL).
    case notFound([UInt8], ttl: Double, staleTTL: Double)
    /// The upstream failed: nothing is stored; processes waiting on this fill are told the code.
    case failed(FillFailureCode)
}

/// Where a fresh fill answer came from.
public enum FillSource: Sendable, Equatable {
    /// This call ran `produce`.
    case produced
    /// Another process (or thread) was filling the key; this call waited and read its result.
    case coalesced
    /// It was already in the cache when the fill began.
    case cached
}

/// Why a fill has no fresh answer.
public enum FillFailure: Sendable, Equatable {
    /// `produce` (ours, or the one we waited for) reported this failure.
    case upstream(FillFailureCode)
    /// Another filler of this key held it for the whole `waitTimeout` (the upstream is slow).
    case waitTimedOut
    /// Fillers of other keys sharing this key's fill stripe held it for the whole `waitTimeout`:
    /// the stack is busy (typically queued on the rate limiter), not the upstream slow.
    case busy
}

/// The answer of ``SharedCache/fill(key:waitTimeout:leaseDuration:produce:)``.
public enum FillOutcome: Sendable, Equatable {
    case fresh(CachedEntry, source: FillSource)
    /// No fresh answer. `stale` is the expired-but-servable entry, if any: serve it now and say
    /// so (`"cache":"stale"`), else answer 503 (stale-if-error).
    case failed(FillFailure, stale: CachedEntry?)
}

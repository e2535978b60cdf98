/// What a fill's `produce` (the HubSpot call) found out.
public enum FillResult: Sendable, Equatable {
    /// HubSpot has it: stored as `.found` with these TTLs (seconds).
    case found([UInt8], ttl: Double, staleTTL: Double)
    /// HubSpot confirmed it has nothing: stored as `.notFound` (the negative TTL).
    case notFound([UInt8], ttl: Double, staleTTL: Double)
    /// HubSpot failed: nothing is stored; processes waiting on this fill are told the kind.
    case failed(UpstreamErrorKind)
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
    /// `produce` (ours, or the one we waited for) reported this upstream failure.
    case upstream(UpstreamErrorKind)
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

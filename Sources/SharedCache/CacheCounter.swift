/// A counter in the file header, shared by every process (exact: atomic adds on the mapping).
///
/// ```swift
/// cache.increment(.upstreamCalls)
/// cache.increment(.upstreamError(.timeout))
/// cache.stats().counters[.hits]
/// ```
public enum CacheCounter: Int, Sendable, CaseIterable {
    /// Lookups answered fresh.
    case hits = 0
    /// Lookups that found nothing fresh (absent, stale, dead, torn).
    case misses
    /// Stale entries served because HubSpot failed (counted by the caller).
    case staleServed
    /// Answers "not in HubSpot" (counted by the caller).
    case notFoundAnswers
    /// Entries written.
    case stores
    /// Calls made to HubSpot (counted by the caller).
    case upstreamCalls
    case upstreamErrorUnauthorized
    case upstreamErrorMissingScopes
    case upstreamErrorRateLimited
    case upstreamErrorUnavailable
    case upstreamErrorTimeout
    case upstreamErrorInvalidResponse
    case upstreamErrorOther
    /// Fills that waited for another process's fill and read its stored result.
    case coalescedWaits
    /// Fills that waited their whole `waitTimeout` without a result.
    case fillTimeouts
    /// Fill leases taken over from a dead or expired holder.
    case fillTakeovers
    /// Rate-limiter tokens that had to be waited for.
    case rateLimitWaits
    /// Rate-limiter requests refused because no token came within `maxWait`.
    case rateLimitedRejections
    /// Live entries pushed out to make room.
    case evictions
    /// Cache files rebuilt because the old one was invalid (the count the current file was born with).
    case rebuilds
    /// Reads that gave up on a slot (writer inside too long, or checksum mismatch).
    case tornReads
    /// Slot write leases broken because their holder died or overran its deadline.
    case leasesBroken
    /// Stores refused: too large for the layout, or every candidate slot busy.
    case storesSkipped

    /// The counter for an upstream error of `kind`.
    public static func upstreamError(_ kind: UpstreamErrorKind) -> CacheCounter {
        switch kind {
        case .unauthorized: .upstreamErrorUnauthorized
        case .missingScopes: .upstreamErrorMissingScopes
        case .rateLimited: .upstreamErrorRateLimited
        case .unavailable: .upstreamErrorUnavailable
        case .timeout: .upstreamErrorTimeout
        case .invalidResponse: .upstreamErrorInvalidResponse
        case .other: .upstreamErrorOther
        }
    }

    /// snake_case, for JSON keys and Prometheus metric names.
    public var name: String {
        var result = ""
        for character in String(describing: self) {
            if character.isUppercase {
                result += "_" + character.lowercased()
            } else {
                result.append(character)
            }
        }
        return result
    }

    var offset: Int { FileHeader.countersOffset + rawValue * 8 }
}

/// Why HubSpot could not answer (mirrors `HubSpotError.Kind` by raw value, plus `other`).
public enum UpstreamErrorKind: String, Sendable, CaseIterable {
    case unauthorized, missingScopes, rateLimited, unavailable, timeout, invalidResponse, other

    var code: UInt8 { UInt8(Self.allCases.firstIndex(of: self)! + 1) }

    init?(code: UInt8) {
        guard code >= 1, Int(code) <= Self.allCases.count else { return nil }
        self = Self.allCases[Int(code) - 1]
    }
}

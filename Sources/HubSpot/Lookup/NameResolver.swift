import Base
import PhoneNumbers

/// Names for many phone numbers at once, within a time budget: the shared cache first, then the
/// misses in batch searches (``BatchLookup``, as many numbers per request as its mode carries:
/// `IN` only where HubSpot was shown to support it), every answer stored back under the same key and in the same bytes as a single
/// lookup's. Used by the responders' naming threads and the background sync.
///
/// ```swift
/// let resolver = NameResolver(services: services)
/// let names = resolver.resolve(numbers, budget: 0.12, maxRequests: 2)
/// for (e164, resolution) in names { show(e164, resolution.contact?.name) }
/// let later = names.filter { !$0.value.isSettled }.keys   // for the background sync
/// ```
///
/// - Fresh cache entries are answers; found and not-found alike.
/// - Expired entries still inside the stale window are never answers: their numbers are asked
///   again, and the old contact only rides along in ``Resolution/unavailable(_:stale:)`` or
///   ``Resolution/notTried(stale:)`` when HubSpot fails or there is no time to ask.
/// - A HubSpot error makes that batch's numbers `unavailable` and stops the round (asking a
///   failing or rate-limiting HubSpot again at once only earns more errors); nothing is stored.
///   The stack's own rate gate refusing a token within the budget is no HubSpot error: that batch
///   and the rest are `notTried`.
/// - Unlike a single lookup, batches take no single-flight lease: a batch and a concurrent single
///   lookup of the same number may both ask HubSpot, and store the same bytes.
public final class NameResolver: Sendable {
    public let cache: ContactCache
    public let batch: BatchLookup

    /// Below this much budget a search is not started: the rate gate and HubSpot need more.
    public static let minimumRequestTime = Duration.milliseconds(50)

    public init(cache: ContactCache, batch: BatchLookup) {
        self.cache = cache
        self.batch = batch
    }

    /// The resolver over a worker's services (its cache file and rate-gated client).
    public convenience init(services: HubSpotServices) {
        self.init(cache: services.cache, batch: BatchLookup(client: services.client))
    }

    /// A resolution for every distinct number in `numbers`, keyed by E.164. Returns within about
    /// `budget` (the rate gate's wait included), after at most `maxRequests` searches.
    public func resolve(_ numbers: [PhoneNumber], budget: Duration, maxRequests: Int) -> [String: Resolution] {
        resolveReportingCacheHits(numbers, budget: budget, maxRequests: maxRequests).resolutions
    }

    /// ``resolve(_:budget:maxRequests:)``, also saying which numbers the cache answered (for
    /// callers that report where a name came from, without reading the cache a second time).
    public func resolveReportingCacheHits(_ numbers: [PhoneNumber], budget: Duration, maxRequests: Int)
        -> (resolutions: [String: Resolution], cacheHits: Set<String>)
    {
        let started = MonotonicTime.now()
        var resolutions: [String: Resolution] = [:]
        var cacheHits: Set<String> = []
        var stale: [String: Contact] = [:]
        var misses: [PhoneNumber] = []
        var seen: Set<String> = []
        for number in numbers where seen.insert(number.e164).inserted {
            switch cached(number) {
            case .fresh(let answer):
                resolutions[number.e164] = settled(answer)
                cacheHits.insert(number.e164)
            case .stale(let contact):
                stale[number.e164] = contact
                misses.append(number)
            case .miss:
                misses.append(number)
            }
        }
        var requests = 0
        var mode = BatchLookup.Mode.equalsGroups
        var queue: [[PhoneNumber]] = []
        // Only misses need a search; with one, no batch is needed and no probe is spent.
        if misses.count > 1 && maxRequests > 0 {
            do {
                mode = try batch.mode(timeout: budget)
                queue = chunked(misses, by: mode)
            } catch where error.isLocalRateLimit {
                // HubSpot was not asked: all wait for a later round.
                for number in misses { resolutions[number.e164] = .notTried(stale: handOut(stale[number.e164])) }
            } catch {
                resolutions.merge(failed(misses, error, stale)) { $1 }
            }
        } else {
            queue = chunked(misses, by: mode)
        }
        while !queue.isEmpty, requests < maxRequests {
            let left = MonotonicTime.remaining(of: budget, since: started)
            guard left >= Self.minimumRequestTime else { break }
            let chunk = queue.removeFirst()
            requests += 1
            do {
                let result = try batch.lookup(chunk, mode: mode, timeout: left)
                for (e164, contact) in result.found { resolutions[e164] = store(LookupAnswer(contact), e164) }
                for e164 in result.notFound {
                    resolutions[e164] = result.askedEveryPhoneProperty ? store(LookupAnswer(nil), e164) : .notFound
                }
                let (again, givenUp) = retries(result.unresolved, askedWith: chunk.count)
                queue += again
                for number in givenUp { resolutions[number.e164] = .notTried(stale: handOut(stale[number.e164])) }
            } catch where error.isLocalRateLimit {
                // HubSpot was not asked: these numbers and the rest wait for a later round.
                queue.insert(chunk, at: 0)
                break
            } catch where error.kind == .invalidRequest && mode == .inOperator {
                // `IN` was refused after a probe said it works: probe again, and batch as it says.
                batch.inOperator.forget()
                let left = MonotonicTime.remaining(of: budget, since: started)
                let probed = Result { () throws(HubSpotError) in try batch.mode(timeout: left) }
                guard case .success(let newMode) = probed, newMode == .equalsGroups else {
                    // `IN` still works (this 400 is about something else), or HubSpot failed the probe.
                    let failure: HubSpotError = if case .failure(let probeError) = probed { probeError } else { error }
                    resolutions.merge(failed(chunk, failure, stale)) { $1 }
                    break
                }
                mode = newMode
                queue = chunked(Array(([chunk] + queue).joined()), by: mode)
            } catch {
                resolutions.merge(failed(chunk, error, stale)) { $1 }
                break
            }
        }
        for number in queue.joined() { resolutions[number.e164] = .notTried(stale: handOut(stale[number.e164])) }
        return (resolutions, cacheHits)
    }

    /// A HubSpot error answers nothing about the batch's numbers: each is unavailable, with its
    /// stale contact when the cache still had one; counted like a single lookup's error.
    private func failed(_ chunk: [PhoneNumber], _ error: HubSpotError, _ stale: [String: Contact])
        -> [String: Resolution]
    {
        cache.file.increment(.upstreamError(error.kind))
        var resolutions: [String: Resolution] = [:]
        for number in chunk { resolutions[number.e164] = .unavailable(error, stale: handOut(stale[number.e164])) }
        return resolutions
    }

    /// Batches of as many numbers as one search of `mode` carries.
    private func chunked(_ numbers: [PhoneNumber], by mode: BatchLookup.Mode) -> [[PhoneNumber]] {
        let size = mode.numbersPerSearch
        return stride(from: 0, to: numbers.count, by: size).map { Array(numbers[$0..<min($0 + size, numbers.count)]) }
    }

    /// Unresolved numbers go round again in smaller batches, so other numbers' matches no longer
    /// fill the page: the rest of the batch together when some numbers were settled, else halves.
    /// A number asked alone whose page was still too full is given up: asking again would
    /// return the same page.
    private func retries(_ unresolved: [PhoneNumber], askedWith count: Int)
        -> (again: [[PhoneNumber]], givenUp: [PhoneNumber])
    {
        if unresolved.isEmpty { return ([], []) }
        if count == 1 { return ([], unresolved) }
        if unresolved.count < count { return ([unresolved], []) }
        let half = unresolved.count / 2
        return ([Array(unresolved[..<half]), Array(unresolved[half...])], [])
    }
}

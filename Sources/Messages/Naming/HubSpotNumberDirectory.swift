import HubSpot
import PhoneNumbers

/// ``NumberDirectory`` over the HubSpot core: the shared cache first, then HubSpot, every answer
/// cached per number exactly as `GET /api/contacts/lookup` caches it.
///
/// One number (a webhook naming its conversation) goes the single-lookup way: single-flight with
/// concurrent lookups of the same number anywhere in the stack, and the proven four-group `EQ`
/// search. Several (a naming thread's round, the sync) go as batch searches (``NameResolver``:
/// `IN` where HubSpot was shown to support it, else `EQ` groups).
public struct HubSpotNumberDirectory: NumberDirectory {
    let services: HubSpotServices
    let resolver: NameResolver

    public init(services: HubSpotServices) {
        self.services = services
        resolver = NameResolver(services: services)
    }

    public func answers(for numbers: [PhoneNumber], budget: Duration, maxRequests: Int) -> [String: NumberAnswer] {
        if numbers.count == 1, let number = numbers.first, maxRequests > 0 {
            return single(number, budget: budget).map { [number.e164: $0] } ?? [:]
        }
        let (resolutions, cached) = resolver.resolveReportingCacheHits(numbers, budget: budget,
                                                                       maxRequests: maxRequests)
        var answers: [String: NumberAnswer] = [:]
        for (e164, resolution) in resolutions {
            switch resolution {
            case .found(let contact):
                answers[e164] = .found(name: contact.name, company: contact.company, contactID: contact.id,
                                       companyID: contact.companyID,
                                       fromCache: cached.contains(e164))
            case .notFound:
                answers[e164] = .notFound(fromCache: cached.contains(e164))
            case .unavailable(let error, _):
                answers[e164] = .unavailable(error)
            case .notTried:
                break
            }
        }
        return answers
    }

    /// Nil when the stack's own rate gate had no token in time: HubSpot was not asked, so the
    /// number was not tried (no error to back off from).
    private func single(_ number: PhoneNumber, budget: Duration) -> NumberAnswer? {
        do {
            let answer = try services.cachedLookup(number, budget: budget)
            // A stale answer means HubSpot failed just now: not a confirmation to record.
            guard answer.source != .stale else {
                return .unavailable(.unavailable(status: nil, reason: "HubSpot failed; only an expired answer is cached"))
            }
            guard let contact = answer.record.contact else { return .notFound(fromCache: answer.source == .hit) }
            return .found(name: contact.name, company: contact.company, contactID: contact.id, companyID: contact.companyID,
                          fromCache: answer.source == .hit)
        } catch where error.isLocalRateLimit {
            return nil
        } catch {
            return .unavailable(error)
        }
    }
}

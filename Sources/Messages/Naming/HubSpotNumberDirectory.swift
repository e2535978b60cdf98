import HubSpot
import PhoneNumbers
import SharedCache

/// ``NumberDirectory`` over the HubSpot core: the shared cache first, then HubSpot, every answer
/// cached per number exactly as `GET /api/contacts/lookup` caches it.
///
/// One number (a webhook naming its conversation) goes the single-lookup way: single-flight with
/// concurrent lookups of the same number anywhere in the stack, and the proven four-group `EQ`
/// search. Several (the conversation list, the sync) go as batched `IN` searches (``NameResolver``).
public struct HubSpotNumberDirectory: NumberDirectory {
    let services: HubSpotServices
    let resolver: NameResolver

    public init(services: HubSpotServices) {
        self.services = services
        resolver = NameResolver(services: services)
    }

    public func answers(for numbers: [PhoneNumber], budget: Double, maxRequests: Int) -> [String: NumberAnswer] {
        if numbers.count == 1, let number = numbers.first, maxRequests > 0 {
            return [number.e164: single(number, budget: budget)]
        }
        // Which answers were already cached: only to report where a name came from.
        let cached = Set(numbers.filter { number in
            if case .fresh = services.cache.file.peek(.phone(number.e164)) { return true }
            return false
        }.map(\.e164))
        var answers: [String: NumberAnswer] = [:]
        for (e164, resolution) in resolver.resolve(numbers, budget: budget, maxRequests: maxRequests) {
            switch resolution {
            case .found(let contact):
                answers[e164] = .found(name: contact.name, company: contact.company, contactID: contact.id,
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

    private func single(_ number: PhoneNumber, budget: Double) -> NumberAnswer {
        let settings = services.cache.settings
        do {
            let answer = try services.cache.answer(for: .phone(number.e164), ttl: settings.foundTTL,
                                                   notFoundTTL: settings.notFoundTTL, budget: budget) { () throws(HubSpotError) in
                let contact = try services.directory.lookup(number, budget: budget)
                return (LookupAnswer(contact).json, contact != nil)
            }
            // A stale answer means HubSpot failed just now: not a confirmation to record.
            guard answer.source != .stale, let decoded = LookupAnswer(json: answer.json) else {
                return .unavailable(.timeout(seconds: budget))
            }
            guard let contact = decoded.contact else { return .notFound(fromCache: answer.source == .hit) }
            return .found(name: contact.name, company: contact.company, contactID: contact.id,
                          fromCache: answer.source == .hit)
        } catch {
            return .unavailable(error)
        }
    }
}

import PhoneNumbers
import SharedCache

// The resolver's side of the shared cache: the same key, record, TTLs and counters as a single
// lookup through ``ContactCache``, so either can answer what the other stored.
extension NameResolver {
    enum CachedRead {
        case fresh(LookupAnswer)
        /// Expired but inside the stale window; the contact when the stale answer was "found".
        case stale(Contact?)
        case miss
    }

    /// Reads `.phone(e164)`, counted as a hit or a miss like a single lookup's read. An entry
    /// that is not a ``LookupAnswer`` record is a miss: the next answer overwrites it.
    func cached(_ number: PhoneNumber) -> CachedRead {
        switch cache.file.lookup(.phone(number.e164)) {
        case .fresh(let entry):
            guard let answer = LookupAnswer(cacheBytes: entry.value), answer.found == (entry.kind == .found) else { return .miss }
            return .fresh(answer)
        case .stale(let entry):
            guard let answer = LookupAnswer(cacheBytes: entry.value) else { return .miss }
            return .stale(answer.contact)
        case .miss:
            return .miss
        }
    }

    /// Stores an answer HubSpot just gave (never an error) with a single lookup's TTLs.
    func store(_ answer: LookupAnswer, _ e164: String) -> Resolution {
        cache.store(answer, forPhone: e164)
        return settled(answer)
    }

    /// The resolution of a fresh answer; not-found answers are counted as ``ContactCache`` does.
    func settled(_ answer: LookupAnswer) -> Resolution {
        guard let contact = answer.contact else {
            cache.file.increment(.notFoundAnswers)
            return .notFound
        }
        return .found(contact)
    }

    /// A stale contact given out in place of an answer, counted as stale served.
    func handOut(_ stale: Contact?) -> Contact? {
        if stale != nil { cache.file.increment(.staleServed) }
        return stale
    }
}

/// What ``NameResolver`` knows about one phone number.
///
/// Only ``found(_:)`` and ``notFound`` are answers (fresh from the cache or from HubSpot just
/// now). The other two say why there is none and carry the expired answer still inside the
/// stale window, if the cache has one — good enough to show a name, not to write one back as
/// confirmed.
public enum Resolution: Sendable, Equatable {
    /// HubSpot has this contact (re-verified, the newest of duplicates).
    case found(Contact)
    /// HubSpot confirmed it has no contact with this number.
    case notFound
    /// HubSpot failed for this number's batch. Nothing was cached because of it.
    case unavailable(HubSpotError, stale: Contact?)
    /// Not asked: the time budget or the request allowance ran out first, or HubSpot had more
    /// matches than one page holds and a smaller batch did not fit either. Ask again later.
    case notTried(stale: Contact?)

    /// The contact to show: a fresh one, else a stale one; nil when there is none.
    public var contact: Contact? {
        switch self {
        case .found(let contact): contact
        case .notFound: nil
        case .unavailable(_, let stale), .notTried(let stale): stale
        }
    }

    /// True for a fresh answer (found or not found): nothing left to do for this number.
    public var isSettled: Bool {
        switch self {
        case .found, .notFound: true
        case .unavailable, .notTried: false
        }
    }
}

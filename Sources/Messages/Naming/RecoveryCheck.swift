import Base
import MessageStore

/// Whether HubSpot answers lookups again after it failed some: first the cheapest call (nothing
/// else is spent while HubSpot is down), then the lookup of one number that failed, claimed like
/// any lookup — HubSpot can fail searches alone, and a working connection check says nothing
/// about them. When that lookup is answered, the errors' back-off ends for every number, so they
/// are named now rather than minutes later. Shared by the responders' naming threads and
/// `contacts-sync`.
///
/// ```swift
/// switch check.run(candidates: waiting) {
/// case .back: name(waiting)            // the back-off is over in the store
/// case .stillFailing: tryAgainLater()
/// case .nothingToTry: forget(waiting)  // named or being looked up elsewhere
/// }
/// ```
public struct RecoveryCheck: Sendable {
    public enum Outcome: Sendable, Equatable {
        /// HubSpot answered the lookup of `tried` (now recorded), and no error back-off is left.
        case back(tried: E164Number)
        /// The connection check or the lookup failed: keep waiting.
        case stillFailing
        /// None of the candidates waits for a lookup any more (named, or claimed elsewhere).
        case nothingToTry
    }

    let namer: CustomerNamer
    let store: MessageStore
    /// Seconds the trial lookup may take, and how long its claim keeps others off the number.
    let budget: Duration
    let hold: EpochMilliseconds.Interval
    let connectionAnswers: @Sendable () -> Bool

    public init(namer: CustomerNamer, store: MessageStore, budget: Duration, hold: EpochMilliseconds.Interval,
                connectionAnswers: @escaping @Sendable () -> Bool) {
        self.namer = namer
        self.store = store
        self.budget = budget
        self.hold = hold
        self.connectionAnswers = connectionAnswers
    }

    /// Checks once, trying the first of `candidates` this process can claim.
    public func run(candidates: [E164Number], now: EpochMilliseconds = .now()) -> Outcome {
        guard !candidates.isEmpty, connectionAnswers() else { return candidates.isEmpty ? .nothingToTry : .stillFailing }
        var tried: E164Number? = nil
        do {
            for candidate in candidates where tried == nil {
                tried = try store.claimLookups([candidate], now: now, hold: hold, afterError: true).first
            }
        } catch {
            Log.warning("name_claim_failed", ["error": error.description])
            return .stillFailing
        }
        guard let tried else { return .nothingToTry }
        let report = namer.name([tried], budget: budget, maxRequests: 1)
        guard report.firstError == nil, report.sources[tried] != .pending else { return .stillFailing }
        do {
            let resumed = try store.endErrorBackoff(now: .now())
            Log.info("hubspot_answers_again", ["due_again": String(resumed)])
        } catch {
            Log.warning("name_claim_failed", ["error": error.description])
        }
        return .back(tried: tried)
    }
}

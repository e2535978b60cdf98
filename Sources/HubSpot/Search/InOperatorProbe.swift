import Base
import Synchronization

/// Whether HubSpot's `IN` works on the calculated phone properties — undocumented for these
/// `phone_number` properties, so asked of HubSpot itself, never assumed: a contact known to have a
/// searchable number must come back from an `IN` over that number.
///
/// Until a probe shows `IN` works, batches use OR-ed `EQ` groups (``BatchLookup/Mode/equalsGroups``),
/// because an `IN` that silently matches nothing would make every number look absent. The finding
/// is kept for an hour; a 400 on an `IN` batch forgets it, so the next batch probes again.
///
/// ```swift
/// let probe = InOperatorProbe()
/// switch try probe.finding(client: client, timeout: 2) {
/// case .works: batch with IN
/// case .refused, .silentlyEmpty, .untested: batch with EQ groups
/// }
/// ```
public final class InOperatorProbe: Sendable {
    public enum Finding: String, Sendable, Equatable {
        /// `IN` found the sample contact.
        case works
        /// HubSpot answered 400 to `IN` on the calculated property.
        case refused
        /// HubSpot answered, but without the sample contact.
        case silentlyEmpty = "silently_empty"
        /// No contact has a searchable number to probe with (an empty portal).
        case untested
    }

    /// How long a finding is trusted; an untested one is tried again sooner (contacts arrive).
    static let findingLifetime = 3600.0
    static let untestedLifetime = 300.0
    static let probedProperty = "hs_searchable_calculated_phone_number"

    private let state: Mutex<(finding: Finding, until: MonotonicTime)?>

    /// A probe that asks HubSpot the first time a finding is needed.
    public init() { state = Mutex(nil) }

    /// A probe that already knows the answer (a test that is about something else, or an
    /// operator who confirmed it); still forgotten after a 400.
    public init(known finding: Finding) {
        state = Mutex((finding, MonotonicTime.now().adding(seconds: Self.findingLifetime)))
    }

    /// The finding still trusted, without asking HubSpot.
    public var known: Finding? {
        let now = MonotonicTime.now()
        return state.withLock { current in current.flatMap { now < $0.until ? $0.finding : nil } }
    }

    /// The finding; asks HubSpot (two searches, through the client's rate gate) when none is
    /// trusted. Throws when HubSpot could not answer the probe: nothing was learned.
    public func finding(client: HubSpotClient, timeout: Duration) throws(HubSpotError) -> Finding {
        if let known { return known }
        let started = MonotonicTime.now()
        var sample = SearchRequest(filterGroups: [[.hasProperty(Self.probedProperty)]], limit: 1)
        sample.properties = [Self.probedProperty]
        let samples: SearchPage
        do {
            samples = try client.searchContacts(sample, timeout: timeout)
        } catch where error.kind == .invalidRequest || error.kind == .notFound {
            // The sample search is undocumented too: refused, `IN` cannot be tested here.
            remember(.untested)
            return .untested
        }
        let finding: Finding
        if let contact = samples.results.first, let value = contact[Self.probedProperty], !value.isEmpty {
            var probe = SearchRequest(filterGroups: [[.isIn(Self.probedProperty, [value.lowercased()])]], limit: 10)
            probe.properties = [Self.probedProperty]
            let left = max(.milliseconds(50), MonotonicTime.remaining(of: timeout, since: started))
            do {
                let page = try client.searchContacts(probe, timeout: left)
                finding = page.results.contains { $0.id == contact.id } ? .works : .silentlyEmpty
            } catch where error.kind == .invalidRequest {
                finding = .refused
            }
        } else {
            finding = .untested
        }
        remember(finding)
        return finding
    }

    /// Drops the finding (after a 400 on an `IN` batch): the next batch probes again.
    public func forget() {
        state.withLock { $0 = nil }
    }

    private func remember(_ finding: Finding) {
        let lifetime = finding == .untested ? Self.untestedLifetime : Self.findingLifetime
        let changed = state.withLock { current -> Bool in
            let changed = current?.finding != finding
            current = (finding, MonotonicTime.now().adding(seconds: lifetime))
            return changed
        }
        if changed {
            Log.info("hubspot_in_operator", ["property": Self.probedProperty, "finding": finding.rawValue,
                                             "batches": finding == .works ? "IN" : "EQ groups"])
        }
    }
}

import Base
import HubSpot
import MessageStore
import PhoneNumbers

/// Names conversations from HubSpot and records every lookup in the store, so the webhook, the
/// conversation list and the background sync all follow one policy:
///
/// - found with a name → every conversation of that number is named (source `hubspot`, never
///   over a name staff typed); found without a name → kept (id, company), looked at again in 7 days;
/// - not found → looked at again in 12 hours (numbers HubSpot does not know go to the back of
///   the sync's queue, so they never starve the rest);
/// - HubSpot unavailable → again in 5 minutes, or as soon as HubSpot is seen to answer again (an
///   error says nothing about the number); so are the numbers the failed round left unasked;
/// - a stored number libphonenumber rejects (a short code) → again in 30 days, never sent to HubSpot.
///
/// ```swift
/// let report = namer.name([customer], budget: 0.3, maxRequests: 1)
/// report.sources[customer]   // .hubspot, .cache, .notFound, .pending …
/// ```
public struct CustomerNamer: Sendable {
    public enum Source: String, Sendable {
        case cache, hubspot
        case notFound = "not_found"
        /// HubSpot has the contact, but it has no name.
        case nameless
        /// HubSpot could not answer, or the budget ran out first: left to the background sync.
        case pending
        case alreadyNamed = "already_named"
        case notAPhoneNumber = "not_a_phone_number"
    }

    /// What one call did.
    public struct Report: Sendable {
        public var sources: [E164Number: Source] = [:]
        /// The first error that no retry will fix (bad token, missing scope): the sync stops on it.
        public var fatal: HubSpotError?
        /// Any HubSpot error seen.
        public var firstError: HubSpotError?

        public func count(_ source: Source) -> Int { sources.values.filter { $0 == source }.count }
    }

    public static let notFoundRetry = EpochMilliseconds.Interval.hours(12)
    public static let namelessRetry = EpochMilliseconds.Interval.hours(24 * 7)
    public static let errorRetry = EpochMilliseconds.Interval.minutes(5)
    public static let notAPhoneRetry = EpochMilliseconds.Interval.hours(24 * 30)

    let store: MessageStore
    let directory: NumberDirectory
    let region: PhoneRegion

    public init(store: MessageStore, directory: NumberDirectory, region: PhoneRegion) {
        self.store = store
        self.directory = directory
        self.region = region
    }

    /// Looks `customers` up (cache first, then at most `maxRequests` batched HubSpot searches
    /// within `budget` seconds) and writes what was learned to the store. Store errors are
    /// logged, not thrown: naming is best effort, the sync repeats it.
    public func name(_ customers: [E164Number], budget: Duration, maxRequests: Int,
                     now: EpochMilliseconds = .now()) -> Report {
        var report = Report()
        var numbers: [PhoneNumber] = []
        for customer in customers {
            if let number = try? PhoneNumberMemo.shared.parse(customer.rawValue, defaultRegion: region,
                                                              accepting: .possible) {
                numbers.append(number)
            } else {
                report.sources[customer] = .notAPhoneNumber
                record(.notFound, customer, now, retry: Self.notAPhoneRetry)
            }
        }
        guard !numbers.isEmpty else { return report }
        let answers = directory.answers(for: numbers, budget: budget, maxRequests: maxRequests)
        // A HubSpot error stops a round: the numbers it left unasked wait out the error's
        // back-off too (HubSpot's recovery ends it), rather than being asked again at once.
        let roundFailed = answers.values.contains { if case .unavailable = $0 { true } else { false } }
        for number in numbers {
            guard let customer = E164Number(number.e164) else { continue }
            switch answers[number.e164] {
            case .found(let name, let company, let contactID, let companyID, let fromCache):
                let person = name.flatMap { PersonName($0) }
                record(.found(name: person, company: company, hubspotContactID: contactID, hubspotCompanyID: companyID),
                       customer, now,
                       retry: Self.namelessRetry)
                report.sources[customer] = person == nil ? .nameless : fromCache ? .cache : .hubspot
            case .notFound:
                record(.notFound, customer, now, retry: Self.notFoundRetry)
                report.sources[customer] = .notFound
            case .unavailable(let error):
                record(.error, customer, now, retry: Self.errorRetry)
                report.sources[customer] = .pending
                report.firstError = report.firstError ?? error
                if error.kind == .unauthorized || error.kind == .missingScopes { report.fatal = report.fatal ?? error }
            case nil where roundFailed:
                record(.error, customer, now, retry: Self.errorRetry)
                report.sources[customer] = .pending
            case nil:
                report.sources[customer] = .pending  // not tried this time: stays due
            }
        }
        return report
    }

    private func record(_ outcome: NameLookupOutcome, _ customer: E164Number, _ now: EpochMilliseconds,
                        retry: EpochMilliseconds.Interval) {
        do {
            try store.recordLookup(outcome, for: customer, now: now, retryAfter: retry)
        } catch {
            Log.warning("name_record_failed", ["error": error.description])
        }
    }
}

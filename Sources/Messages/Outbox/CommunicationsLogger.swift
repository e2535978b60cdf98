import Base
import HubSpot
import MessageStore

/// Logs stored messages on their contacts' HubSpot timelines as SMS communications, from the
/// store's outbox (`HUBSPOT_LOG_MESSAGES=1`).
///
/// One round: first the batches whose answer never came are checked against HubSpot (a search
/// by contact and timestamp, bodies compared): found → logged, not found → sent again; then up
/// to 100 due messages go in one `batch/create`, marked `sent` in the store before the call. So a
/// lost answer or a crash mid-call never logs a message twice, and nothing acknowledged is lost.
/// HubSpot's 429s and outages put the batch back with a back-off; a message HubSpot refuses as
/// invalid is retried a few times, then given up (and counted in health).
public struct CommunicationsLogger: Sendable {
    let store: MessageStore
    let client: HubSpotClient
    let settings: Settings

    public struct Settings: Sendable {
        /// How long after a batch went out its answer is given up on and the batch checked
        /// instead; HubSpot's search also lags its creates by a few seconds.
        public var answerWait: EpochMilliseconds.Interval = .seconds(30)
        /// Back-off after HubSpot failed, doubled per attempt up to ``maximumBackoff``.
        public var firstBackoff: EpochMilliseconds.Interval = .seconds(5)
        public var maximumBackoff: EpochMilliseconds.Interval = .minutes(10)
        /// Refusals as invalid before a message is given up.
        public var maximumRefusals = 5
        /// HubSpot owner ids by staff user (`HUBSPOT_OWNER_IDS`): a text sent from here shows its
        /// sender on the timeline.
        public var owners: [String: String] = [:]

        public init() {}
    }

    public init(store: MessageStore, client: HubSpotClient, settings: Settings = Settings()) {
        self.store = store
        self.client = client
        self.settings = settings
    }

    /// What one round did.
    public struct Round: Sendable, Equatable {
        public var logged = 0
        public var confirmedAfterLostAnswer = 0
        public var resent = 0
        public var deferred = 0
        public var refused = 0
        /// HubSpot's error when it failed the round (nil when it answered).
        public var error: HubSpotError?
    }

    /// One round; `associationTypeID` from ``HubSpotClient/communicationToContactAssociationType(timeout:)``.
    public func runRound(associationTypeID: Int, now: EpochMilliseconds = .now()) throws(MessageStoreError) -> Round {
        var round = Round()
        try checkUnconfirmed(&round, now: now)
        // The checks may have taken a while: the batch's answer time counts from when it goes out.
        let sending = max(now, EpochMilliseconds.now())
        let batch = try store.claimOutboxBatch(limit: HubSpotClient.maxCommunicationsPerBatch,
                                               answerBy: sending + settings.answerWait, now: sending)
        guard !batch.isEmpty else { return round }
        let result: CommunicationBatchResult
        do {
            result = try client.createCommunications(batch.map { Self.input($0, owners: settings.owners) },
                                                      associationTypeID: associationTypeID)
        } catch {
            round.error = error
            if Self.certainlyNotCreated(error) {
                round.deferred += batch.count
                try store.outboxRetry(batch.map(\.message), error: error.code,
                                      at: retryTime(error, attempts: batch.map(\.attempts).max() ?? 1, now: now))
            }
            // Otherwise the answer is unknown (a timeout, a 5xx): the batch stays `sent` and is checked.
            return round
        }
        var logged: [MessageID: String] = [:]
        var refused: [OutboxItem] = []
        for item in batch {
            if let id = result.created[item.message.description] {
                logged[item.message] = id
            } else if result.refused[item.message.description] != nil {
                refused.append(item)
            }
            // Neither: HubSpot answered without it; it stays `sent` and is checked.
        }
        try store.outboxLogged(logged, now: now)
        round.logged += logged.count
        try refuse(refused, reasons: result.refused, round: &round, now: now)
        return round
    }

    /// Batches whose answer never came: what HubSpot has is logged, the rest goes again.
    private func checkUnconfirmed(_ round: inout Round, now: EpochMilliseconds) throws(MessageStoreError) {
        let unconfirmed = try store.unconfirmedOutbox(now: now)
        var logged: [MessageID: String] = [:]
        var again: [MessageID] = []
        for item in unconfirmed {
            do {
                let existing = try client.communications(contactID: item.contactID, timestamp: item.createdAt.rawValue)
                if let found = existing.first(where: { $0.body == Self.body(item) }) {
                    logged[item.message] = found.id
                } else {
                    again.append(item.message)
                }
            } catch {
                // HubSpot cannot tell now: ask again after the back-off, still without re-sending.
                round.error = error
                try store.outboxRetryCheck(item.message, at: retryTime(error, attempts: item.attempts, now: now))
            }
        }
        try store.outboxLogged(logged, now: now)
        round.confirmedAfterLostAnswer += logged.count
        if !again.isEmpty { try store.outboxRetry(again, error: "not_found_after_lost_answer", at: now) }
        round.resent += again.count
    }

    private func refuse(_ items: [OutboxItem], reasons: [String: String], round: inout Round,
                        now: EpochMilliseconds) throws(MessageStoreError) {
        for item in items {
            let reason = reasons[item.message.description] ?? "refused"
            // Only refusals count towards giving up, not 429s or lost answers.
            if item.refusals + 1 >= settings.maximumRefusals {
                try store.outboxFailed([item.message], error: reason)
            } else {
                try store.outboxRefused(item.message, error: reason, at: now + backoff(attempts: item.refusals + 1))
            }
            round.refused += 1
        }
    }

    /// Errors after which HubSpot certainly made nothing: it refused (4xx), or was never reached.
    /// After any other (a timeout, a 5xx) it may have: the batch is checked before it goes again.
    static func certainlyNotCreated(_ error: HubSpotError) -> Bool {
        if error.neverSent { return true }
        switch error.kind {
        case .rateLimited, .unauthorized, .missingScopes, .invalidRequest, .notFound: return true
        default: return false
        }
    }

    private func retryTime(_ error: HubSpotError, attempts: Int, now: EpochMilliseconds) -> EpochMilliseconds {
        if let wait = error.retryAfter { return now + .init(milliseconds: Int64(wait * 1000)) }
        return now + backoff(attempts: attempts)
    }

    private func backoff(attempts: Int) -> EpochMilliseconds.Interval {
        let doubled = settings.firstBackoff.milliseconds << min(max(attempts - 1, 0), 16)
        return .init(milliseconds: min(doubled, settings.maximumBackoff.milliseconds))
    }

    static func input(_ item: OutboxItem, owners: [String: String]) -> CommunicationInput {
        CommunicationInput(traceID: item.message.description, contactID: item.contactID, body: body(item),
                           timestamp: item.createdAt.rawValue, ownerID: item.sentBy.flatMap { owners[$0] })
    }

    /// The communication's text: the direction and the numbers, then the message.
    static func body(_ item: OutboxItem) -> String {
        switch item.direction {
        case .incoming: "SMS from \(item.customer.rawValue):\n\(item.text)"
        case .outgoing:
            "SMS to \(item.customer.rawValue)" + (item.sentBy.map { " (sent by \($0))" } ?? "") + ":\n\(item.text)"
        }
    }
}

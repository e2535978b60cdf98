import Base
import ContactEndpoints
import FastCGI
import HubSpot
import JSON
import MessageStore
import Messages

/// `GET /api/messages/conversations?limit=&before=&q=` (operator realm): newest first, each with
/// the customer's number, name and where it came from, company, HubSpot id, last message and
/// unread count. `before` is the `next` cursor of the previous page; `q` filters by name,
/// company or (3+ digits) number.
///
/// Unnamed conversations on the page are named from the shared cache at once; numbers due for a
/// lookup go to the responder's naming thread (``BackgroundNaming``: batched searches it always
/// finishes, names written to the store), which the page waits for at most
/// `CONVERSATIONS_LOOKUP_BUDGET_MS`. The page never waits on HubSpot beyond that budget (one
/// lookup per row would make a page take seconds), and the next page shows the names.
public struct ConversationsEndpoint: Sendable {
    public static let path = "/api/messages/conversations"
    public static let defaultLimit = 50
    public static let maxLimit = 100
    public static let maxQueryLength = 200

    let store: MessageStore
    let naming: BackgroundNaming
    let budget: Duration
    let audit: AuditLog
    let portalID: String?

    public init(services: MessagesServices) {
        self.init(store: services.store, naming: services.naming, budget: services.settings.conversationsLookupBudget,
                  audit: services.hubspot.audit, portalID: services.hubspot.configuration.portalID)
    }

    init(store: MessageStore, naming: BackgroundNaming, budget: Duration, audit: AuditLog, portalID: String?) {
        self.store = store
        self.naming = naming
        self.budget = budget
        self.audit = audit
        self.portalID = portalID
    }

    public func register(in router: inout Router) {
        router.get(Self.path) { routed in try handle(routed.request) }
    }

    func handle(_ request: Request) throws -> Response {
        let started = MonotonicTime.now()
        let (limit, cursor, query) = try Self.parameters(request.query)
        var page = try read(limit: limit, cursor: cursor, query: query)
        let unnamed = Array(Set(page.conversations.filter { $0.nameSource.needsLookup }.map(\.customer))).sorted()
        var naming: JSONObject = ["unnamed": .int(Int64(unnamed.count))]
        if !unnamed.isEmpty {
            let report = self.naming.name(unnamed, wait: budget)
            for source in [CustomerNamer.Source.cache, .hubspot, .notFound, .nameless, .pending, .notAPhoneNumber] {
                naming[source.rawValue] = .int(Int64(report.count(source)))
            }
            // Names just learned are in the store: read the page again (a few ms of SQLite).
            if report.count(.cache) + report.count(.hubspot) > 0 {
                page = try read(limit: limit, cursor: cursor, query: query)
            }
        }
        audit.record(.init(endpoint: "conversations", user: request.remoteUser, requestID: request.requestID,
                           subject: ["count": .int(Int64(page.conversations.count)),
                                     "queryLength": .int(Int64(query?.count ?? 0))],
                           result: "results", latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
        let body: JSONObject = [
            "conversations": .array(page.conversations.map { $0.json(portalID: portalID) }),
            "next": page.next.map { .string($0.encoded) } ?? .null,
            "naming": .object(naming),
        ]
        return Response(headers: .noStore, json: .object(body))
    }

    private func read(limit: Int, cursor: ConversationCursor?, query: String?) throws(HTTPError) -> ConversationPage {
        try storeCall("conversations_read_failed") { () throws(MessageStoreError) in
            try store.conversations(limit: limit, before: cursor, matching: query)
        }
    }

    static func parameters(_ query: QueryParameters) throws(HTTPError)
        -> (limit: Int, cursor: ConversationCursor?, query: String?)
    {
        let limit = try query.limit(default: defaultLimit, max: maxLimit)
        var cursor: ConversationCursor? = nil
        if let text = query["before"], !text.isEmpty {
            do { cursor = try ConversationCursor(parsing: text) } catch {
                throw HTTPError(.badRequest, code: "invalid_cursor",
                                message: "before must be the next cursor of a previous page.")
            }
        }
        let text = (query["q"] ?? "").trimmingWhitespace()
        guard text.count <= maxQueryLength else {
            throw HTTPError(.badRequest, code: "query_too_long", message: "q may be at most \(maxQueryLength) characters.")
        }
        return (limit, cursor, text.isEmpty ? nil : text)
    }
}

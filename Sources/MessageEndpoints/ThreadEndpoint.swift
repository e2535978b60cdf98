import Base
import FastCGI
import HubSpot
import JSON
import MessageStore
import Messages

/// A conversation opened in the inbox (operator realm):
///
/// - `GET /api/messages/conversations/{id}/messages?limit=&before=` → `{"conversation":{…},
///   "messages":[…],"before":cursor|null}`: the newest `limit` messages (default 50, at most
///   100), oldest first; `before` (a previous answer's) pages back in time.
/// - `POST /api/messages/conversations/{id}/read` → `{"conversation":{…}}` with no unread messages.
///
/// 404 `conversation_not_found` for an id the store does not have.
public struct ThreadEndpoint: Sendable {
    public static let defaultLimit = 50
    public static let maxLimit = 100

    let store: MessageStore
    let audit: AuditLog
    let portalID: String?
    /// Sends nobody confirmed show as failed when their thread is read, even if nobody sends again.
    let sweep: UnconfirmedSendSweep

    public init(services: MessagesServices) {
        store = services.store
        sweep = UnconfirmedSendSweep(store: services.store)
        audit = services.hubspot.audit
        portalID = services.hubspot.configuration.portalID
    }

    public func register(in router: inout Router) {
        router.get(ConversationsEndpoint.path + "/{id}/messages") { routed in try thread(routed) }
        router.post(ConversationsEndpoint.path + "/{id}/read", maxBodyBytes: 1024) { routed in try read(routed) }
    }

    func thread(_ routed: RoutedRequest) throws(HTTPError) -> Response {
        let started = MonotonicTime.now()
        let id = try Self.conversationID(routed.capture("id"))
        let (limit, before) = try Self.parameters(routed.request.query)
        sweep.runIfDue()
        let page = try storeCall("thread_read_failed") { () throws(MessageStoreError) in
            try store.thread(id, limit: limit, before: before)
        }
        let conversation = try storeCall("thread_read_failed") { () throws(MessageStoreError) in try store.conversation(id) }
        guard let page, let conversation else { throw Self.notFound(id) }
        record(routed, "thread", id, ["count": .int(Int64(page.messages.count))], since: started)
        return Response(headers: .noStore, json: [
            "conversation": conversation.json(portalID: portalID),
            "messages": .array(page.messages.map(\.json)),
            "before": page.before.map { .string($0.encoded) } ?? .null,
        ])
    }

    func read(_ routed: RoutedRequest) throws(HTTPError) -> Response {
        let started = MonotonicTime.now()
        let id = try Self.conversationID(routed.capture("id"))
        let conversation = try storeCall("mark_read_failed") { () throws(MessageStoreError) in try store.markRead(id) }
        guard let conversation else { throw Self.notFound(id) }
        record(routed, "mark_read", id, [:], since: started)
        return Response(headers: .noStore,
                        json: ["conversation": conversation.json(portalID: portalID)])
    }

    static func conversationID(_ text: String) throws(HTTPError) -> ConversationID {
        guard (1...18).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let value = Int64(text), value > 0 else {
            throw HTTPError(.notFound, code: "conversation_not_found", message: "There is no conversation \(text.prefix(40)).")
        }
        return ConversationID(rawValue: value)
    }

    static func notFound(_ id: ConversationID) -> HTTPError {
        HTTPError(.notFound, code: "conversation_not_found", message: "There is no conversation \(id).")
    }

    static func parameters(_ query: QueryParameters) throws(HTTPError) -> (limit: Int, before: MessageCursor?) {
        let limit = try query.limit(default: defaultLimit, max: maxLimit)
        guard let text = query["before"], !text.isEmpty else { return (limit, nil) }
        do {
            return (limit, try MessageCursor(parsing: text))
        } catch {
            throw HTTPError(.badRequest, code: "invalid_cursor", message: "before must be the before cursor of a previous page.")
        }
    }

    private func record(_ routed: RoutedRequest, _ endpoint: String, _ id: ConversationID, _ subject: JSONObject,
                        since started: MonotonicTime) {
        var subject = subject
        subject["conversation"] = .int(id.rawValue)
        audit.record(.init(endpoint: endpoint, user: routed.request.remoteUser, requestID: routed.request.requestID,
                           subject: subject, result: "ok",
                           latencyMilliseconds: MonotonicTime.now().seconds(since: started) * 1000))
    }
}

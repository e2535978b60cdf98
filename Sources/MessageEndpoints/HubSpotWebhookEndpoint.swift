import Base
import FastCGI
import HubSpot
import HubSpotWebhooks
import JSON
import MessageStore
import Messages

/// `POST /api/webhooks/hubspot`: HubSpot's change events, public in nginx, authenticated here.
///
/// Verify the signature over the raw body (v3; v1 when configured) — 401 when it is missing,
/// stale or forged, nothing stored; read the batch (a JSON array of events) — 400 when it is not
/// an array at all; an event in it this version cannot read is logged and counted
/// (`unreadable`), never a reason to refuse the others (HubSpot may not retry a 4xx); **store**
/// every event not seen before (503 with `Retry-After` when the store fails, so
/// HubSpot retries); answer 200 at once. The responder's change queue then applies them
/// (``HubSpotChangeQueue``): names and companies on conversations, cached answers dropped. A
/// redelivered event is stored once. Unknown event types are stored and ignored.
///
/// ```json
/// {"received":3,"new":2}
/// ```
public struct HubSpotWebhookEndpoint: Sendable {
    public static let path = "/api/webhooks/hubspot"
    /// HubSpot sends up to 100 events of under 1 KiB each.
    public static let maxBodyBytes = 256 * 1024

    let verifier: HubSpotWebhookVerifier?
    let store: MessageStore
    let queue: HubSpotChangeQueue

    public init(services: HubSpotChangeServices) {
        verifier = services.webhook.verifier
        store = services.messages.store
        queue = services.queue
    }

    public func register(in router: inout Router) {
        router.post(Self.path, maxBodyBytes: Self.maxBodyBytes) { routed in try handle(routed.request) }
    }

    func handle(_ request: Request) throws(HTTPError) -> Response {
        guard let verifier else {
            throw HTTPError(.serviceUnavailable, code: "hubspot_webhook_not_configured",
                            message: "HUBSPOT_WEBHOOK_SECRET is not configured on this server; deliveries are refused.")
        }
        do {
            try verifier.verify(method: request.method.rawValue, body: request.body,
                                headers: { request.headers[$0] }, now: .now())
        } catch {
            Log.warning("hubspot_webhook_refused", ["reason": error.code])
            throw HTTPError(.unauthorized, code: error.code, message: error.message)
        }
        let (events, unreadable) = try Self.events(request.body)
        let records = events.map { event in
            HubSpotEventRecord(dedupeKey: event.dedupeKey, eventID: event.eventID,
                               subscriptionType: event.subscriptionType, objectID: event.objectID,
                               occurredAt: EpochMilliseconds(event.occurredAt), event: event.json.encoded())
        }
        let added: Int
        do {
            added = try store.storeHubSpotEvents(records)
        } catch {
            Log.error("hubspot_webhook_not_stored", ["error": error.description])
            throw HTTPError(.serviceUnavailable, code: "store_unavailable",
                            message: "The events could not be stored; HubSpot will deliver them again.",
                            headers: HTTPHeaders([("Retry-After", "5")]))
        }
        if added > 0 { queue.notify() }
        Log.info("hubspot_webhook_stored", ["events": String(events.count), "new": String(added)])
        var answer: JSONObject = ["received": .int(Int64(events.count + unreadable)), "new": .int(Int64(added))]
        if unreadable > 0 { answer["unreadable"] = .int(Int64(unreadable)) }
        return Response(json: .object(answer))
    }

    /// The batch's events; one this version cannot read is logged and counted, and the rest kept.
    static func events(_ body: [UInt8]) throws(HTTPError) -> (events: [HubSpotEvent], unreadable: Int) {
        do {
            return (try HubSpotEvents.parse(body), 0)
        } catch {
            guard let items = (try? JSONValue(parsing: body))?.arrayValue else {
                Log.warning("hubspot_webhook_unreadable", ["error": error.description])
                throw HTTPError(.badRequest, code: "invalid_events", message: error.message,
                                details: error.path.map { ["field": .string($0)] } ?? [:])
            }
            var events: [HubSpotEvent] = []
            var unreadable = 0
            for (index, item) in items.enumerated() {
                do {
                    events += try HubSpotEvents.parse(JSONValue.array([item]).encoded())
                } catch {
                    unreadable += 1
                    Log.warning("hubspot_event_unreadable", ["index": String(index), "error": error.description])
                }
            }
            return (events, unreadable)
        }
    }
}

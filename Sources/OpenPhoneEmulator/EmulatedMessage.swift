import Base
import JSON

/// A message the emulator holds: one the stack sent (`outgoing`) or one a customer "texted"
/// through `POST /__emulator/inbound` (`incoming`), with what became of its webhook.
///
/// ```swift
/// message.apiJSON       // the object inside POST /v1/messages' {"data": …}
/// message.webhookJSON   // the object inside a webhook's data.object
/// ```
struct EmulatedMessage: Sendable {
    enum Direction: String, Sendable { case incoming, outgoing }

    /// Where a message's webhook stands, for `GET /__emulator/messages`.
    enum WebhookState: String, Sendable {
        /// Not sent yet (waiting for the delivery delay or a retry).
        case pending
        /// The stack answered 2xx.
        case delivered
        /// Every attempt failed.
        case failed
        /// None sent: webhooks are off or no URL is configured.
        case skipped
    }

    var id: String
    var direction: Direction
    var from: String
    var to: String
    var text: String
    /// `queued` until the status event, then `delivered` or `failed`; `received` for incoming.
    var status: String
    var createdAt: Timestamp
    var updatedAt: Timestamp
    var userID: String
    var phoneNumberID: String
    var conversationID: String
    /// Why the message will fail (decided when it was sent); nil when it will be delivered.
    var failure: DeliveryFailure?

    var webhookEventID: String?
    var webhookType: String?
    var webhookState: WebhookState = .pending
    var webhookAttempts = 0
    /// The stack's last answer status, nil when none came (connection refused, timeout).
    var webhookLastStatus: Int?

    /// The message as OpenPhone's REST API shows it.
    var apiJSON: JSONValue {
        var object = core
        object["updatedAt"] = .string(updatedAt.iso8601)
        return .object(object)
    }

    /// The message as a legacy (`apiVersion` v4) webhook carries it in `data.object`.
    var webhookJSON: JSONValue {
        var object = core
        object["contactIds"] = []
        if let failure {
            object["errorCode"] = .string(failure.code)
            object["errorMessage"] = .string(failure.message)
        }
        return .object(object)
    }

    /// `GET /__emulator/messages`: the API object plus the webhook's fate.
    var controlJSON: JSONValue {
        var object = core
        if let failure, status == "failed" {
            object["errorCode"] = .string(failure.code)
            object["errorMessage"] = .string(failure.message)
        }
        var webhook: JSONObject = ["state": .string(webhookState.rawValue), "attempts": .int(Int64(webhookAttempts))]
        if let webhookType { webhook["type"] = .string(webhookType) }
        if let webhookEventID { webhook["eventId"] = .string(webhookEventID) }
        if let webhookLastStatus { webhook["lastStatus"] = .int(Int64(webhookLastStatus)) }
        object["webhook"] = .object(webhook)
        return .object(object)
    }

    private var core: JSONObject {
        ["id": .string(id), "object": "message", "from": .string(from), "to": [.string(to)], "text": .string(text),
         "direction": .string(direction.rawValue), "status": .string(status), "createdAt": .string(createdAt.iso8601),
         "userId": .string(userID), "phoneNumberId": .string(phoneNumberID), "conversationId": .string(conversationID)]
    }
}

/// The carrier-style code and wording a `message.failed` carries (`errorCode`, `errorMessage`).
struct DeliveryFailure: Sendable {
    var code: String
    var message: String
}

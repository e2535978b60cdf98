import HTTPServer
@testable import HubSpotEmulator
import JSON
import TestSupport

/// One communications batch input: an SMS to `contact` at `timestamp` (epoch ms), with `trace`
/// as its `objectWriteTraceId` when given.
func smsInput(contact: Int, body: String, timestamp: Int64 = 1_790_000_000_000, trace: String? = nil,
              channel: String = "SMS") -> JSONValue {
    var input: JSONObject = [
        "properties": ["hs_communication_channel_type": .string(channel), "hs_communication_logged_from": "CRM",
                       "hs_communication_body": .string(body), "hs_timestamp": .string(String(timestamp))],
        "associations": [["to": ["id": .string(String(contact))],
                          "types": [["associationCategory": "HUBSPOT_DEFINED", "associationTypeId": 81]]]],
    ]
    if let trace { input["objectWriteTraceId"] = .string(trace) }
    return .object(input)
}

extension HubSpotEmulator {
    func batchCreate(_ inputs: [JSONValue], token: String? = "emulator-token") -> Answer {
        call("POST", "/crm/v3/objects/communications/batch/create",
             body: (["inputs": .array(inputs)] as JSONValue).encodedString(), token: token)
    }

    /// `GET /__emulator/communications`: everything stored, search lag or not.
    func storedCommunications() -> [JSONValue] {
        call("GET", "/__emulator/communications", token: nil).json["results"]?.arrayValue ?? []
    }

    func searchCommunications(_ body: String, token: String? = "emulator-token") -> Answer {
        call("POST", "/crm/v3/objects/communications/search", body: body, token: token)
    }

    @discardableResult
    func faults(_ body: String) -> Answer { call("POST", "/__emulator/faults", body: body, token: nil) }

    /// `GET /__emulator/webhooks`.
    func webhookLog() -> JSONValue { call("GET", "/__emulator/webhooks", token: nil).json }

    /// Every event of every delivery recorded so far, in delivery order.
    func webhookEvents() -> [JSONValue] {
        (webhookLog()["deliveries"]?.arrayValue ?? []).flatMap { $0["events"]?.arrayValue ?? [] }
    }

    /// Waits (with a deadline) until `count` events were recorded in deliveries.
    func waitForWebhookEvents(_ count: Int, timeout: Double = 10) -> [JSONValue] {
        _ = waitUntil(timeout: timeout) { webhookEvents().count >= count }
        return webhookEvents()
    }
}

/// `(subscriptionType, objectId, propertyName?)` of recorded events, for comparisons.
func summary(_ events: [JSONValue]) -> [String] {
    events.map { event in
        var text = "\(event["subscriptionType"]?.stringValue ?? "?") \(event["objectId"]?.intValue ?? -1)"
        if let name = event["propertyName"]?.stringValue { text += " \(name)=\(event["propertyValue"]?.stringValue ?? "nil")" }
        return text
    }
}

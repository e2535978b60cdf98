import JSON

/// One SMS to log on a contact's timeline as a HubSpot communication.
public struct CommunicationInput: Sendable, Hashable {
    /// Ours, unique per message (`m_42`): HubSpot names a failed input by it
    /// (`objectWriteTraceId`), so one bad input does not fail the batch.
    public var traceID: String
    public var contactID: String
    /// `hs_communication_body`.
    public var body: String
    /// `hs_timestamp`, epoch ms: when the text was sent or received.
    public var timestamp: Int64
    /// `hubspot_owner_id`: who the timeline shows as the sender, when known.
    public var ownerID: String?

    public init(traceID: String, contactID: String, body: String, timestamp: Int64, ownerID: String? = nil) {
        self.traceID = traceID
        self.contactID = contactID
        self.body = body
        self.timestamp = timestamp
        self.ownerID = ownerID
    }

    /// One `inputs[]` element of `batch/create`, associated to the contact with `associationTypeID`.
    func json(associationTypeID: Int) -> JSONValue {
        var properties: JSONObject = [
            "hs_communication_channel_type": "SMS",
            "hs_communication_logged_from": "CRM",
            "hs_communication_body": .string(body),
            "hs_timestamp": .string(String(timestamp)),
        ]
        if let ownerID { properties["hubspot_owner_id"] = .string(ownerID) }
        return [
            "objectWriteTraceId": .string(traceID),
            "properties": .object(properties),
            "associations": [["to": ["id": .string(contactID)],
                              "types": [["associationCategory": "HUBSPOT_DEFINED",
                                         "associationTypeId": .int(Int64(associationTypeID))]]]],
        ]
    }
}

/// What `batch/create` answered: the communications made, matched back to their inputs, and the
/// inputs HubSpot refused (a 207 names them by trace id).
public struct CommunicationBatchResult: Sendable, Equatable {
    /// Communication id by trace id.
    public var created: [String: String]
    /// HubSpot's reason by trace id.
    public var refused: [String: String]
}

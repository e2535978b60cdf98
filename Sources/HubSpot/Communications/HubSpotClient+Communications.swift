import Base
import JSON

extension HubSpotClient {
    /// HubSpot's batch limit.
    public static let maxCommunicationsPerBatch = 100

    /// `POST /crm/v3/objects/communications/batch/create`: logs up to 100 SMS on their contacts'
    /// timelines in one call (one call of the non-search budget). Never retried here: a 5xx may
    /// come after HubSpot created them, so the caller finds out what exists before sending again.
    /// Successes are matched to inputs by body and timestamp (HubSpot returns them in any order
    /// and without the trace id); failures by trace id.
    public func createCommunications(_ inputs: [CommunicationInput], associationTypeID: Int,
                                     timeout: Duration? = nil) throws(HubSpotError) -> CommunicationBatchResult {
        let body: JSONValue = ["inputs": .array(inputs.map { $0.json(associationTypeID: associationTypeID) })]
        let json = try send("POST", "/crm/v3/objects/communications/batch/create", body: body, timeout: timeout,
                            as: .general, retrying: false)
        var unmatched = inputs
        var result = CommunicationBatchResult(created: [:], refused: [:])
        for error in json["errors"]?.arrayValue ?? [] {
            let message = error["message"]?.stringValue ?? "refused"
            for id in error["context"]?["objectWriteTraceId"]?.arrayValue ?? [] {
                guard let trace = id.stringValue else { continue }
                result.refused[trace] = message
                unmatched.removeAll { $0.traceID == trace }
            }
        }
        for created in json["results"]?.arrayValue ?? [] {
            guard let id = created["id"]?.stringValue,
                  let index = unmatched.firstIndex(where: { Self.matches(created, $0) }) else { continue }
            result.created[unmatched[index].traceID] = id
            unmatched.remove(at: index)
        }
        return result
    }

    /// `POST /crm/v3/objects/communications/search` for the contact's communications at exactly
    /// `timestamp`: how a batch whose answer was lost is checked before it is sent again
    /// (HubSpot has no idempotency key for creates). Communication id by body.
    public func communications(contactID: String, timestamp: Int64, timeout: Duration? = nil)
        throws(HubSpotError) -> [(id: String, body: String)]
    {
        var search = SearchRequest(filterGroups: [[.equals("associations.contact", contactID),
                                                   .equals("hs_timestamp", String(timestamp))]], limit: 100)
        search.properties = ["hs_communication_body", "hs_timestamp"]
        let json = try send("POST", "/crm/v3/objects/communications/search", body: search.json, timeout: timeout,
                            as: .search)
        return (json["results"]?.arrayValue ?? []).compactMap { result in
            guard let id = result["id"]?.stringValue else { return nil }
            return (id, result["properties"]?["hs_communication_body"]?.stringValue ?? "")
        }
    }

    /// The association type of communication → contact, as HubSpot's labels say
    /// (`GET /crm/v4/associations/communications/contacts/labels`): the unlabeled
    /// `HUBSPOT_DEFINED` one (81 today).
    public func communicationToContactAssociationType(timeout: Duration? = nil) throws(HubSpotError) -> Int {
        let json = try send("GET", "/crm/v4/associations/communications/contacts/labels", body: nil, timeout: timeout,
                            as: .general)
        let labels = json["results"]?.arrayValue ?? []
        let defined = labels.filter { $0["category"]?.stringValue == "HUBSPOT_DEFINED" }
        guard let chosen = defined.first(where: { $0["label"] == nil || $0["label"] == .null }) ?? defined.first,
              let id = chosen["typeId"]?.intValue else {
            throw .invalidResponse("no HUBSPOT_DEFINED communication → contact association in the labels")
        }
        return Int(id)
    }

    static func matches(_ created: JSONValue, _ input: CommunicationInput) -> Bool {
        let properties = created["properties"]
        guard properties?["hs_communication_body"]?.stringValue == input.body else { return false }
        // HubSpot answers hs_timestamp as ISO text or epoch ms: compare by the instant when it can be read.
        guard let stamp = properties?["hs_timestamp"]?.stringValue else { return true }
        return Int64(stamp) == input.timestamp || ISO8601Timestamp.milliseconds(stamp) == input.timestamp
    }
}

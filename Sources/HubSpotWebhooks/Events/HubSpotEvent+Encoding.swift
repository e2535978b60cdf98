import JSON

extension HubSpotEvent {
    /// The event as HubSpot sends it, for the emulator: `eventId`, `subscriptionId`, `portalId`,
    /// `appId`, `occurredAt`, `subscriptionType`, `attemptNumber`, `objectId`, then what the kind
    /// adds. Absent optionals are left out. ``HubSpotEvents/parse(_:)`` reads it back equal.
    public var json: JSONValue {
        var object = JSONObject()
        object["eventId"] = .int(eventID)
        object["subscriptionId"] = subscriptionID.map(JSONValue.int)
        object["portalId"] = portalID.map(JSONValue.int)
        object["appId"] = appID.map(JSONValue.int)
        object["occurredAt"] = .int(occurredAt)
        object["subscriptionType"] = .string(subscriptionType)
        object["attemptNumber"] = attemptNumber.map { JSONValue.int(Int64($0)) }
        object["objectId"] = .int(objectID)
        object["objectTypeId"] = objectTypeID.map(JSONValue.string)
        switch kind {
        case .propertyChange(let property, let value):
            object["propertyName"] = .string(property)
            object["propertyValue"] = value.map(JSONValue.string)
        case .merge(let primary, let merged, let new):
            object["primaryObjectId"] = .int(primary)
            object["mergedObjectIds"] = .array(merged.map(JSONValue.int))
            object["newObjectId"] = new.map(JSONValue.int)
        case .creation, .deletion, .restore, .associationChange, .other:
            break
        }
        object["changeSource"] = changeSource.map(JSONValue.string)
        object["sourceId"] = sourceID.map(JSONValue.string)
        object["changeFlag"] = changeFlag.map(JSONValue.string)
        return .object(object)
    }
}

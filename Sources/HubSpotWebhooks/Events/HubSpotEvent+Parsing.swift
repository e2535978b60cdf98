import JSON

extension HubSpotEvent {
    /// The two well-known object type ids of the generic `object.*` shape.
    static let objectTypeIDs: [String: ObjectType] = ["0-1": .contact, "0-2": .company]

    /// Reads event `fields.index` of a delivery.
    init(reading fields: EventFields) throws(HubSpotEventsError) {
        let type: String
        if fields.value("subscriptionType") != nil {
            type = try fields.requiredString("subscriptionType")
        } else if fields.value("eventType") != nil {
            // The docs' field table and one example name it so; deliveries say subscriptionType.
            type = try fields.requiredString("eventType")
        } else {
            throw .missing(fields.index, "subscriptionType")
        }
        let objectID = try fields.requiredID("objectId")
        let eventID = try fields.requiredID("eventId")
        let occurredAt = try fields.requiredID("occurredAt")

        let prefix = type.prefix { $0 != "." }
        let action = type.dropFirst(prefix.count + 1)
        var objectTypeID: String?
        let objectType: ObjectType
        switch prefix {
        case "contact": objectType = .contact
        case "company": objectType = .company
        case "object":
            // Kept as text whatever its JSON type, so that the event encodes back as it came.
            objectTypeID = fields.metadataString("objectTypeId") ?? fields.metadataID("objectTypeId").map { String($0) }
            objectType = objectTypeID.flatMap { Self.objectTypeIDs[$0] } ?? .other
        default: objectType = .other
        }

        let kind: Kind
        switch objectType == .other ? "" : action {
        case "propertyChange":
            kind = .propertyChange(property: try fields.requiredString("propertyName"),
                                   value: try fields.propertyValue("propertyValue"))
        case "creation": kind = .creation
        case "deletion": kind = .deletion
        case "restore": kind = .restore
        case "merge":
            kind = .merge(primaryObjectID: try fields.requiredID("primaryObjectId"),
                          mergedObjectIDs: try fields.requiredIDs("mergedObjectIds"),
                          newObjectID: try fields.optionalID("newObjectId"))
        case "associationChange": kind = .associationChange
        default: kind = .other(type)
        }

        self.init(eventID: eventID, subscriptionID: fields.metadataID("subscriptionId"),
                  portalID: fields.metadataID("portalId"), occurredAt: occurredAt,
                  attemptNumber: fields.metadataInt("attemptNumber"), objectType: objectType, objectID: objectID,
                  kind: kind, changeSource: fields.metadataString("changeSource"), appID: fields.metadataID("appId"),
                  sourceID: fields.metadataString("sourceId"), changeFlag: fields.metadataString("changeFlag"),
                  objectTypeID: objectTypeID)
    }
}

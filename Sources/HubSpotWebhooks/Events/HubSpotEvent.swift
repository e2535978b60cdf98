import JSON

/// One event of a HubSpot webhook delivery (HubSpot POSTs a JSON array of up to 100).
///
/// ```swift
/// for event in try HubSpotEvents.parse(body) where event.objectType == .contact {
///     switch event.kind {
///     case .propertyChange(let property, let value): rename(event.objectID, property, value)
///     case .merge(let primary, let merged, let new): pointAt(new ?? primary, merged)
///     case .deletion: forget(event.objectID)
///     default: break
///     }
/// }
/// ```
///
/// Typed kinds are given for contacts and companies only, the objects the inbox names things
/// after; every other object type (`deal.creation`, an `object.creation` of `0-3`) and every
/// unknown type (`contact.privacyDeletion`) is ``Kind/other(_:)`` carrying the full subscription
/// type, acknowledged and ignored.
public struct HubSpotEvent: Sendable, Equatable {
    /// What happened, from the part of `subscriptionType` (or `eventType`) after the dot.
    public enum Kind: Sendable, Equatable {
        /// `propertyChange`: one event per property; `value` is the new value (nil when HubSpot
        /// sends none; `""` when the property was cleared; `"REDACTED"` for sensitive properties).
        case propertyChange(property: String, value: String?)
        case creation
        case deletion
        case restore
        /// `merge`: the records in `mergedObjectIDs` were merged into `primaryObjectID`, the winner;
        /// when HubSpot created a new record for the result, it is `newObjectID`.
        case merge(primaryObjectID: Int64, mergedObjectIDs: [Int64], newObjectID: Int64?)
        case associationChange
        /// Any other type, or any type of another object, kept verbatim (e.g. `"deal.creation"`).
        case other(String)
    }

    /// The object an event is about: from the `contact.` / `company.` prefix, or from
    /// `objectTypeId` (`0-1`, `0-2`) in the generic `object.*` shape.
    public enum ObjectType: String, Sendable {
        case contact
        case company
        case other
    }

    /// HubSpot's `eventId`; not guaranteed unique by HubSpot: deduplicate on ``dedupeKey``.
    public let eventID: Int64
    public let subscriptionID: Int64?
    public let portalID: Int64?
    /// When the change happened, in epoch milliseconds. Deliveries are not ordered: compare these.
    public let occurredAt: Int64
    /// 0 for the first delivery, counting retries.
    public let attemptNumber: Int?
    public let objectType: ObjectType
    public let objectID: Int64
    public let kind: Kind
    /// Where the change was made (`CRM_UI`, `API`, `IMPORT`, …), when HubSpot says.
    public let changeSource: String?
    public let appID: Int64?
    /// Who made the change, e.g. `userId:9876`, when HubSpot says.
    public let sourceID: String?
    /// `NEW` on some creation events; undocumented otherwise.
    public let changeFlag: String?
    /// `objectTypeId` for an event in the generic `object.*` shape (`"0-1"`); nil for the
    /// per-object shape (`contact.*`). It decides how the event is encoded.
    public let objectTypeID: String?

    /// An event as the emulator sends it, or a test expects it. For ``ObjectType/other`` (and for
    /// an ``objectTypeID`` other than `0-1`/`0-2`) the kind must be ``Kind/other(_:)`` with the full
    /// type (with `object.` when ``objectTypeID`` is set), since only that can be encoded faithfully.
    public init(eventID: Int64, subscriptionID: Int64? = nil, portalID: Int64? = nil, occurredAt: Int64,
                attemptNumber: Int? = nil, objectType: ObjectType, objectID: Int64, kind: Kind,
                changeSource: String? = nil, appID: Int64? = nil, sourceID: String? = nil, changeFlag: String? = nil,
                objectTypeID: String? = nil)
    {
        self.eventID = eventID
        self.subscriptionID = subscriptionID
        self.portalID = portalID
        self.occurredAt = occurredAt
        self.attemptNumber = attemptNumber
        self.objectType = objectType
        self.objectID = objectID
        self.kind = kind
        self.changeSource = changeSource
        self.appID = appID
        self.sourceID = sourceID
        self.changeFlag = changeFlag
        self.objectTypeID = objectTypeID
    }

    /// The type as HubSpot spells it: `contact.propertyChange`, `object.merge`, or the verbatim
    /// ``Kind/other(_:)``.
    public var subscriptionType: String {
        guard let action = kind.action else {
            if case .other(let raw) = kind { return raw }
            return ""
        }
        return (objectTypeID == nil ? objectType.rawValue : "object") + "." + action
    }

    /// A stable key for deduplication: HubSpot says `eventId` alone may repeat, and retries resend
    /// the same event with a new `attemptNumber`, so the key is made of what identifies the change
    /// (portal, type, object, event id, time, property) and nothing that differs between attempts.
    ///
    /// ```swift
    /// event.dedupeKey   // "62515/contact.propertyChange/123/101/1790000000000/firstname"
    /// ```
    public var dedupeKey: String {
        var key = "\(portalID ?? 0)/\(subscriptionType)"
        if let objectTypeID { key += "@" + objectTypeID }
        key += "/\(objectID)/\(eventID)/\(occurredAt)"
        if case .propertyChange(let property, _) = kind { key += "/" + property }
        return key
    }
}

extension HubSpotEvent.Kind {
    /// The suffix of the subscription type; nil for ``other(_:)``.
    var action: String? {
        switch self {
        case .propertyChange: "propertyChange"
        case .creation: "creation"
        case .deletion: "deletion"
        case .restore: "restore"
        case .merge: "merge"
        case .associationChange: "associationChange"
        case .other: nil
        }
    }
}

import HubSpotWebhooks

/// What one change is about, before the sender stamps it with an event id and a time.
struct EventDraft: Sendable, Equatable {
    var objectType: HubSpotEvent.ObjectType
    var objectID: Int64
    var kind: HubSpotEvent.Kind
}

extension RecordChange {
    /// The contact properties the app subscribes to (one subscription, so one event, each).
    static let watchedContactProperties = ["firstname", "lastname", "phone", "mobilephone", "company",
                                           "associatedcompanyid"]
    static let watchedCompanyProperties = ["name"]

    /// The events HubSpot sends for this change: a creation also reports the watched properties
    /// it set (so a `propertyChange` may overtake its `creation`); an update one `propertyChange`
    /// per watched property whose value changed (`""` when cleared); a merge names the winner,
    /// the merged ids and, when HubSpot made one, the new id.
    var events: [EventDraft] {
        switch self {
        case .contactCreated(let contact):
            return [EventDraft(objectType: .contact, objectID: contact.id, kind: .creation)]
                + Self.watchedContactProperties.compactMap { name in
                    contact[name].map { EventDraft(objectType: .contact, objectID: contact.id,
                                                   kind: .propertyChange(property: name, value: $0)) }
                }
        case .contactUpdated(let before, let after):
            return Self.changes(.contact, before, after, watching: Self.watchedContactProperties)
        case .contactDeleted(let id):
            return [EventDraft(objectType: .contact, objectID: id, kind: .deletion)]
        case .contactsMerged(let primary, let merged, let survivor):
            let new = survivor.id == primary ? nil : survivor.id
            return [EventDraft(objectType: .contact, objectID: primary,
                               kind: .merge(primaryObjectID: primary, mergedObjectIDs: merged, newObjectID: new))]
        case .companyUpdated(let before, let after):
            return Self.changes(.company, before, after, watching: Self.watchedCompanyProperties)
        }
    }

    private static func changes(_ type: HubSpotEvent.ObjectType, _ before: CRMObject, _ after: CRMObject,
                                watching names: [String]) -> [EventDraft] {
        names.compactMap { name in
            guard before[name] != after[name] else { return nil }
            return EventDraft(objectType: type, objectID: after.id, kind: .propertyChange(property: name, value: after[name] ?? ""))
        }
    }
}

extension HubSpotEvent {
    /// The same event as sent on attempt `number` (0 first): only `attemptNumber` differs.
    func attempt(_ number: Int) -> HubSpotEvent {
        HubSpotEvent(eventID: eventID, subscriptionID: subscriptionID, portalID: portalID, occurredAt: occurredAt,
                     attemptNumber: number, objectType: objectType, objectID: objectID, kind: kind,
                     changeSource: changeSource, appID: appID, sourceID: sourceID, changeFlag: changeFlag,
                     objectTypeID: objectTypeID)
    }

    /// A stable subscription id per subscription (type, and property for property changes), as
    /// a portal's subscriptions have.
    static func subscriptionID(for draft: EventDraft) -> Int64 {
        let base: Int64 = draft.objectType == .company ? 2000 : 1000
        switch draft.kind {
        case .creation: return base + 1
        case .deletion: return base + 2
        case .merge: return base + 3
        case .restore: return base + 4
        case .associationChange: return base + 5
        case .propertyChange(let property, _):
            let names = RecordChange.watchedContactProperties + RecordChange.watchedCompanyProperties
            return base + 100 + Int64(names.firstIndex(of: property) ?? 99)
        case .other: return base + 999
        }
    }
}

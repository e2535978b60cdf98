import Base
import HubSpot
import HubSpotWebhooks
import MessageStore

/// Applies HubSpot's own changes, as its webhooks report them, to the inbox and the shared cache:
///
/// - a contact created, restored or changed (name, numbers, company) is read again from HubSpot
///   and shown on every conversation with one of its numbers; conversations that showed it under
///   a number it no longer has are let go and looked up again;
/// - a contact deleted lets its conversations go;
/// - contacts merged point their conversations at the survivor, which is then read again; they
///   stay with it through its later changes, though it rarely has the merged contact's number;
/// - a company renamed renames the conversations of its contacts.
///
/// Every cached lookup answer that could name the contact (its numbers before and after, the
/// numbers of its conversations) is dropped for the whole stack, so the next lookup asks
/// HubSpot. A name staff typed is never replaced. Applying an event twice changes nothing more.
public struct HubSpotChangeProcessor: Sendable {
    let store: MessageStore
    let hubspot: HubSpotServices

    public init(store: MessageStore, hubspot: HubSpotServices) {
        self.store = store
        self.hubspot = hubspot
    }

    /// What became of one event.
    public enum Outcome: Sendable, Equatable {
        /// Applied: `conversations` changed.
        case applied(conversations: Int)
        /// Nothing in it concerns the inbox (another object type or property, an unknown type).
        case ignored
    }

    /// Applies one event. Throws when HubSpot or the store could not be asked: the event is kept
    /// and tried again.
    public func apply(_ event: HubSpotEvent) throws(HubSpotChangeError) -> Outcome {
        let id = String(event.objectID)
        if let refreshed = Self.contactRefreshed(by: event) {
            if case .restore = event.kind {
                try storeCall { () throws(MessageStoreError) in try store.restoreHubSpotContact(refreshed) }
            }
            return .applied(conversations: try refreshContact(refreshed))
        }
        switch (event.objectType, event.kind) {
        case (.contact, .deletion):
            // Ended first: a read of it in flight elsewhere must not bring it back afterwards.
            try storeCall { () throws(MessageStoreError) in try store.endHubSpotContacts([id]) }
            let numbers = try storeCall { () throws(MessageStoreError) in try store.customers(ofHubSpotContact: id) }
            let changed = try storeCall { () throws(MessageStoreError) in try store.forgetHubSpotContact(id) }
            forgetCached(numbers.map(\.rawValue), contacts: [id])
            return .applied(conversations: changed)
        case (.contact, .merge(let primary, let merged, let newID)):
            let survivor = String(newID ?? primary)
            let others = ([primary] + merged).map(String.init).filter { $0 != survivor }
            try storeCall { () throws(MessageStoreError) in try store.endHubSpotContacts(others) }
            var numbers: [String] = []
            for other in others {
                numbers += try storeCall { () throws(MessageStoreError) in try store.customers(ofHubSpotContact: other) }
                    .map(\.rawValue)
            }
            let moved = try storeCall { () throws(MessageStoreError) in
                try store.mergeHubSpotContacts(others, into: survivor)
            }
            forgetCached(numbers, contacts: others)
            return .applied(conversations: moved + (try refreshContact(survivor)))
        case (.company, .propertyChange(let property, let value)):
            guard property == "name" else { return .ignored }
            let numbers = try storeCall { () throws(MessageStoreError) in try store.customers(ofHubSpotCompany: id) }
            let changed = try storeCall { () throws(MessageStoreError) in try store.renameHubSpotCompany(id, to: value) }
            forgetCached(numbers.map(\.rawValue))
            return .applied(conversations: changed)
        default:
            return .ignored
        }
    }

    /// The contact `event` makes this processor read again from HubSpot (a creation, a restore, a
    /// change of a property the inbox shows), nil for any other event. Such a read fetches the
    /// contact as it is now, so of several in one batch only the last needs to go out.
    public static func contactRefreshed(by event: HubSpotEvent) -> String? {
        guard event.objectType == .contact else { return nil }
        switch event.kind {
        case .creation, .restore: return String(event.objectID)
        case .propertyChange(let property, _): return contactProperties.contains(property) ? String(event.objectID) : nil
        default: return nil
        }
    }

    /// The contact properties a conversation shows (name, numbers, company).
    static let contactProperties: Set<String> = ["firstname", "lastname", "phone", "mobilephone", "company",
                                                 "associatedcompanyid"]

    /// Reads the contact again and shows it; a contact HubSpot no longer has is forgotten.
    private func refreshContact(_ id: String) throws(HubSpotChangeError) -> Int {
        let before = try storeCall { () throws(MessageStoreError) in try store.customers(ofHubSpotContact: id) }
        let readAt = EpochMilliseconds.now()
        let contact: Contact?
        do {
            contact = try hubspot.directory.contact(id: id)
        } catch {
            throw .hubspot(error)
        }
        guard let contact else {
            try storeCall { () throws(MessageStoreError) in try store.endHubSpotContacts([id]) }
            let changed = try storeCall { () throws(MessageStoreError) in try store.forgetHubSpotContact(id) }
            forgetCached(before.map(\.rawValue), contacts: [id])
            return changed
        }
        // HubSpot answers a merged contact's id with the survivor: a merge whose event may not
        // have been applied yet. Its conversations move to the survivor, as the merge event does.
        if contact.id != id {
            try storeCall { () throws(MessageStoreError) in try store.endHubSpotContacts([id]) }
            _ = try storeCall { () throws(MessageStoreError) in try store.mergeHubSpotContacts([id], into: contact.id) }
        }
        let numbers = [contact.phone, contact.mobilePhone].compactMap { $0.flatMap { E164Number($0) } }
        let state = HubSpotContactState(contactID: contact.id, name: contact.name.flatMap { PersonName($0) },
                                        company: contact.company, companyID: contact.companyID, numbers: numbers)
        // Nil: HubSpot ended the contact after this read began (another process applied the
        // deletion or merge meanwhile), so what was read is history.
        guard let changed = try storeCall({ () throws(MessageStoreError) in
            try store.applyHubSpotContact(state, readAt: readAt)
        }) else { return 0 }
        // Its current numbers get the contact as read by id just now (HubSpot's search may lag a
        // change by seconds: a lookup asking it now could cache the old name again); every other
        // answer that named it is dropped.
        let current = Set(numbers.map(\.rawValue))
        forgetCached(before.map(\.rawValue), contacts: [id, contact.id], keeping: current)
        for number in current { hubspot.cache.store(LookupAnswer(contact), forPhone: number) }
        return changed
    }

    /// Drops the cached lookup answers for these numbers and for every number the cache's index
    /// says named one of `contacts` (but not `keeping`'s), everywhere in the stack.
    private func forgetCached(_ numbers: [String], contacts: [String] = [], keeping: Set<String> = []) {
        hubspot.cache.forget(numbers: Set(numbers), contacts: contacts, keeping: keeping)
    }

    private func storeCall<T>(_ body: () throws(MessageStoreError) -> T) throws(HubSpotChangeError) -> T {
        do { return try body() } catch { throw .store(error) }
    }
}

/// Why an event could not be applied now (it is kept and tried again).
public enum HubSpotChangeError: Error, Sendable, CustomStringConvertible {
    case hubspot(HubSpotError)
    case store(MessageStoreError)

    public var description: String {
        switch self {
        case .hubspot(let error): "HubSpot: \(error.message)"
        case .store(let error): "store: \(error.description)"
        }
    }

    /// How long to wait before the next attempt: HubSpot's own wait after a 429.
    public var retryAfter: Duration {
        if case .hubspot(let error) = self, let wait = error.retryAfter { return .seconds(max(1, wait)) }
        return .seconds(10)
    }
}

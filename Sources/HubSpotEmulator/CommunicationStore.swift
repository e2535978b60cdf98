/// The account's communications in id order, each with the contacts it is associated with, and
/// the bookkeeping that spots a message logged twice.
///
/// ```swift
/// var communications = CommunicationStore()
/// let (record, duplicate) = communications.create(input, now: now, indexLagMs: 2000)
/// ```
///
/// Ids start far above contact ids (HubSpot's engagement ids are 11-digit numbers), so a client
/// that confuses a communication id with a contact id gets a 404, not someone else's record.
struct CommunicationStore {
    private(set) var records: [CRMObject] = []
    private var positions: [Int64: Int] = [:]
    /// Duplicate key → id of the first communication with it.
    private var firstByKey: [String: Int64] = [:]
    private var nextID: Int64 = 40_000_000_001

    func communication(id: Int64) -> CRMObject? { positions[id].map { records[$0] } }

    /// Stores `input` as a new communication, searchable `indexLagMs` after `now`; `duplicate`
    /// says an earlier one had the same body, contacts and time (created anyway, as HubSpot
    /// would: it has no idempotency key).
    mutating func create(_ input: CommunicationInput, now: Int64, indexLagMs: Int) -> (CRMObject, duplicate: Bool) {
        let id = nextID
        nextID += 1
        var properties = input.properties
        properties["hs_object_id"] = String(id)
        properties["hs_createdate"] = ISO8601.format(milliseconds: now)
        properties["hs_lastmodifieddate"] = ISO8601.format(milliseconds: now)
        var record = CRMObject(id: id, properties: properties, createdAt: now, updatedAt: now,
                               searchableFrom: now + Int64(indexLagMs))
        record.associations["contact"] = input.contactIDs
        positions[id] = records.count
        records.append(record)
        let key = input.duplicateKey
        let duplicate = firstByKey[key] != nil
        if !duplicate { firstByKey[key] = id }
        return (record, duplicate)
    }

    /// Points associations with `from` at `to` instead (a merge), or drops them (`to` nil: the
    /// contact was deleted), as HubSpot moves a merged contact's timeline to the survivor.
    mutating func reassociate(contact from: Int64, to: Int64?) {
        for index in records.indices {
            guard var ids = records[index].associations["contact"], ids.contains(from) else { continue }
            ids.removeAll { $0 == from }
            if let to, !ids.contains(to) { ids.append(to) }
            records[index].associations["contact"] = ids
        }
    }
}

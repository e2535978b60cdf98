import JSON

/// A change to the account's records, as the webhook sender turns it into HubSpot's events.
enum RecordChange: Sendable {
    case contactCreated(CRMObject)
    case contactUpdated(before: CRMObject, after: CRMObject)
    case contactDeleted(id: Int64)
    /// `merged` went into `primary`; the result is `survivor` (a new id when HubSpot made one).
    case contactsMerged(primary: Int64, merged: [Int64], survivor: CRMObject)
    case companyUpdated(before: CRMObject, after: CRMObject)
}

// Updating, deleting and merging contacts, and renaming companies: the API's PATCH, DELETE and
// merge, and the control paths that make the same changes without a token.
extension Store {
    /// Calculated properties that follow `phone`, `mobilephone` and the contact's region.
    private static let calculatedPhoneProperties = [
        "hs_searchable_calculated_phone_number", "hs_searchable_calculated_mobile_number", "hs_calculated_phone_number",
        "hs_calculated_mobile_number", "hs_calculated_phone_number_country_code",
    ]

    /// `PATCH /crm/v3/objects/contacts/{id}`: sets the properties `body` names (`""` clears one).
    mutating func updateContact(id: Int64, _ body: [UInt8], now: Int64,
                                duplicateEmail: DuplicateEmailAnswer) throws(APIError) -> RecordChange {
        guard let before = contact(id: id) else { throw APIError.objectNotFound(String(id)) }
        let changes = try checkedProperties(Self.parse(body))
        if let email = changes["email"], !email.isEmpty, let existing = contact(email: email), existing.id != id {
            throw Self.duplicate(email, existing: existing, answer: duplicateEmail)
        }
        var after = before
        for (name, value) in changes { after.properties[name] = value.isEmpty ? nil : value }
        if ["phone", "mobilephone", "hs_country_region_code"].contains(where: { changes[$0] != nil }) {
            for name in Self.calculatedPhoneProperties { after.properties[name] = nil }
            phones.fill(&after)
        }
        after.updatedAt = now
        after.properties["lastmodifieddate"] = ISO8601.format(milliseconds: now)
        replace(after)
        return .contactUpdated(before: before, after: after)
    }

    /// `DELETE /crm/v3/objects/contacts/{id}`: nil when there was no such contact (HubSpot
    /// answers 204 either way).
    mutating func archiveContact(id: Int64) -> RecordChange? {
        removeContact(id: id).map { RecordChange.contactDeleted(id: $0.id) }
    }

    /// `POST /crm/v3/objects/contacts/merge`: `loser`'s values fill what `primary` lacks, its
    /// communications move over, and a GET by its id answers with the survivor. With `newID` the
    /// survivor gets a new id and both old ids lead to it.
    mutating func mergeContacts(primary: Int64, loser: Int64, now: Int64, newID: Bool) throws(APIError) -> RecordChange {
        guard primary != loser else {
            throw APIError.validation("A contact cannot be merged with itself", in: "objectIdToMerge")
        }
        guard let winner = contact(id: primary) else { throw APIError.objectNotFound(String(primary)) }
        guard let merged = contact(id: loser) else { throw APIError.objectNotFound(String(loser)) }
        var survivor = winner
        for (name, value) in merged.properties where survivor.properties[name] == nil {
            survivor.properties[name] = value
        }
        survivor.createdAt = min(winner.createdAt, merged.createdAt)
        survivor.properties["createdate"] = ISO8601.format(milliseconds: survivor.createdAt)
        survivor.updatedAt = now
        survivor.properties["lastmodifieddate"] = ISO8601.format(milliseconds: now)
        if newID {
            let id = nextContactID
            removeContact(id: primary, mergedInto: id)
            removeContact(id: loser, mergedInto: id)
            survivor = appendContact(survivor, id: id)
        } else {
            replace(survivor)
            removeContact(id: loser, mergedInto: primary)
            survivor = contact(id: primary) ?? survivor
        }
        return .contactsMerged(primary: primary, merged: [loser], survivor: survivor)
    }

    /// Sets company properties (a control path: the stack never writes companies).
    mutating func updateCompany(id: Int64, _ body: [UInt8], now: Int64) throws(APIError) -> RecordChange {
        guard let before = companies[id] else { throw APIError.objectNotFound(String(id)) }
        guard let input = try Self.parse(body)["properties"]?.objectValue else {
            throw APIError.validation("The request needs a properties object", in: "properties")
        }
        var after = before
        for (name, value) in input {
            guard companyCatalog.contains(name), !companyCatalog.isReadOnly(name) else {
                throw PropertyProblem.error([PropertyProblem(name: name, error: "PROPERTY_DOESNT_EXIST",
                                                             message: "Property \"\(name)\" cannot be set")])
            }
            let text = SearchRequest.scalarText(value) ?? ""
            after.properties[name] = text.isEmpty ? nil : text
        }
        after.updatedAt = now
        after.properties["hs_lastmodifieddate"] = ISO8601.format(milliseconds: now)
        companies[id] = after
        return .companyUpdated(before: before, after: after)
    }
}

import HTTPServer
import JSON

// Changing contacts (update, delete, merge) and companies: each change is made under the lock,
// then its webhook events are handed to the sender.
extension HubSpotEmulator {
    /// Makes one change to the store and publishes its events; nil when nothing changed.
    func apply(_ change: (inout Store, _ now: Int64, _ faults: Faults) throws(APIError) -> RecordChange?)
        throws(APIError) -> RecordChange?
    {
        let now = configuration.clock.now().milliseconds
        let (made, behaviour) = try state.withLock { state throws(APIError) -> (RecordChange?, AccountBehaviour) in
            let faults = state.faults
            return (try change(&state.store, now, faults), state.behaviour)
        }
        if let made { webhooks.publish(made.events, occurredAt: now, behaviour: behaviour) }
        return made
    }

    /// `PATCH /crm/v3/objects/contacts/{contactId}` with `{"properties":{…}}`; `""` clears one.
    func updateContact(_ id: String, _ request: ServerRequest, behaviour: AccountBehaviour) throws(APIError)
        -> ServerResponse
    {
        guard let contactID = Int64(id) else { throw APIError.objectNotFound(id) }
        let change = try apply { store, now, _ throws(APIError) in
            try store.updateContact(id: contactID, request.body, now: now, duplicateEmail: behaviour.duplicateEmail)
        }
        guard case .contactUpdated(_, let after)? = change else { throw APIError.objectNotFound(id) }
        return JSONResponse.make(200, after.jsonWithAllSetProperties())
    }

    /// `DELETE /crm/v3/objects/contacts/{contactId}`: 204 whether or not it existed, as HubSpot
    /// answers; only an existing contact makes a `contact.deletion`.
    func archiveContact(_ id: String) throws(APIError) -> ServerResponse {
        if let contactID = Int64(id) {
            _ = try apply { store, _, _ in store.archiveContact(id: contactID) }
        }
        return ServerResponse(status: 204, headers: [HTTPField(name: "X-HubSpot-Correlation-Id", value: CorrelationID.make())])
    }

    /// `POST /crm/v3/objects/contacts/merge` with `{"primaryObjectId":"…","objectIdToMerge":"…"}`:
    /// 200 with the surviving contact.
    func mergeContacts(_ request: ServerRequest, behaviour: AccountBehaviour) throws(APIError) -> ServerResponse {
        let json = try Store.parse(request.body)
        guard let primaryText = json["primaryObjectId"].flatMap(SearchRequest.scalarText),
              let loserText = json["objectIdToMerge"].flatMap(SearchRequest.scalarText)
        else { throw APIError.invalidJSON("the body needs primaryObjectId and objectIdToMerge") }
        guard let primary = Int64(primaryText) else { throw APIError.objectNotFound(primaryText) }
        guard let loser = Int64(loserText) else { throw APIError.objectNotFound(loserText) }
        let change = try apply { store, now, _ throws(APIError) in
            try store.mergeContacts(primary: primary, loser: loser, now: now, newID: behaviour.mergeCreatesNewID)
        }
        guard case .contactsMerged(_, _, let survivor)? = change else { throw APIError.objectNotFound(primaryText) }
        return JSONResponse.make(200, survivor.jsonWithAllSetProperties())
    }

    /// `PATCH /__emulator/companies/{id}`: renames a company (the stack never writes companies,
    /// so there is no API call for it).
    func updateCompany(_ id: String, _ body: [UInt8]) throws(APIError) -> ServerResponse {
        guard let companyID = Int64(id) else { throw APIError.objectNotFound(id) }
        let change = try apply { store, now, _ throws(APIError) in try store.updateCompany(id: companyID, body, now: now) }
        guard case .companyUpdated(_, let after)? = change else { throw APIError.objectNotFound(id) }
        return JSONResponse.make(200, after.jsonWithAllSetProperties())
    }
}

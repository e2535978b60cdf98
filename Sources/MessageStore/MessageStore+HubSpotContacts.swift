/// What HubSpot's own changes do to the conversations that show a contact: a rename reaches
/// them, a number the contact no longer has lets its conversation go (to be looked up again), a
/// merge points them at the surviving contact, a deletion forgets the contact. A name staff typed
/// is never replaced (``NameSource``).
extension MessageStore {
    /// Shows `contact` as it is now: its name and company on every conversation with one of its
    /// numbers or linked to it (rank permitting). Conversations that showed it under a number it
    /// no longer has are let go — except those a merge gave it (``mergeHubSpotContacts(_:into:)``):
    /// the survivor rarely carries the merged contact's numbers, yet it is who those customers
    /// are, now and after its later changes. A contact without a name keeps its conversations
    /// linked but unnamed.
    /// - Returns: how many conversations changed.
    ///
    /// - Parameter readAt: when the read of `contact` from HubSpot started. A contact this store
    ///   saw deleted or merged away after that (``endHubSpotContact(_:at:)``) is not shown: the
    ///   read may have answered before HubSpot ended it. Nil applies it whatever.
    /// - Returns: how many conversations changed; nil when `contact` ended after `readAt`.
    @discardableResult
    public func applyHubSpotContact(_ contact: HubSpotContactState, readAt: EpochMilliseconds? = nil)
        throws(MessageStoreError) -> Int?
    {
        try write { (db) throws(MessageStoreError) -> Int? in
            let id = SQLValue.text(contact.contactID)
            if let readAt, let ended = try Self.endedAt(contact.contactID, in: db), ended >= readAt.rawValue {
                return nil
            }
            var changed = 0
            let linked = try db.statement("""
                SELECT id, customer, hubspot_merged_from IS NOT NULL FROM conversations WHERE hubspot_contact_id = ?
                """).all([id]) { (ConversationID(rawValue: $0.integer(0)), $0.text(1), $0.integer(2) != 0) }
            let numbers = Set(contact.numbers.map(\.rawValue))
            for (conversation, customer, byMerge) in linked where !numbers.contains(customer) {
                if byMerge {
                    if let name = contact.name {
                        changed += try Self.applyName(name, company: contact.company, hubspotContactID: contact.contactID,
                                                      source: .hubspot, where: "id = ?", .integer(conversation.rawValue),
                                                      in: db)
                    }
                } else {
                    changed += try Self.release(where: "id = ?", .integer(conversation.rawValue), in: db)
                }
            }
            for number in contact.numbers {
                if let name = contact.name {
                    changed += try Self.applyName(name, company: contact.company, hubspotContactID: contact.contactID,
                                                  source: .hubspot, where: "customer = ?", .text(number.rawValue), in: db)
                } else {
                    // Nameless now: the name it gave goes (with its company), the link stays; a name
                    // from OpenPhone, staff or another contact is kept.
                    try db.statement("""
                        UPDATE conversations SET name = NULL, name_key = NULL, name_source = NULL, company = NULL,
                            company_key = NULL
                        WHERE customer = ? AND name_source = 'hubspot' AND hubspot_contact_id = ?
                        """).run([.text(number.rawValue), id])
                    changed += db.changes
                    try db.statement("UPDATE conversations SET hubspot_contact_id = ? WHERE customer = ? AND hubspot_contact_id IS NULL")
                        .run([id, .text(number.rawValue)])
                }
                try db.statement("""
                    UPDATE conversations SET hubspot_company_id = ?, company = COALESCE(?, company),
                        company_key = COALESCE(?, company_key)
                    WHERE customer = ? AND hubspot_contact_id = ?
                    """).run([.text(contact.companyID), .text(TextCleaning.company(contact.company)),
                              .text(TextCleaning.company(contact.company)?.lowercased()), .text(number.rawValue), id])
            }
            return changed
        }
    }

    /// Records that HubSpot ended `contactIDs` (deleted, or merged into another), applied `at`:
    /// reads of them that started before are not shown (``applyHubSpotContact(_:readAt:)``).
    public func endHubSpotContacts(_ contactIDs: [String], at: EpochMilliseconds = .now()) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            for id in contactIDs {
                try db.statement("""
                    INSERT INTO hubspot_contact_ends (contact_id, ended_at) VALUES (?, ?)
                    ON CONFLICT (contact_id) DO UPDATE SET ended_at = excluded.ended_at
                    """).run([.text(id), .integer(at.rawValue)])
            }
        }
    }

    /// When this store saw HubSpot end `contactID` (epoch ms), nil when it has not.
    static func endedAt(_ contactID: String, in db: any DatabaseConnection) throws(MessageStoreError) -> Int64? {
        try db.statement("SELECT ended_at FROM hubspot_contact_ends WHERE contact_id = ?")
            .first([.text(contactID)], { $0.integer(0) })
    }

    /// HubSpot restored `contactID`: it may be shown again.
    public func restoreHubSpotContact(_ contactID: String) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            try db.statement("DELETE FROM hubspot_contact_ends WHERE contact_id = ?").run([.text(contactID)])
        }
    }

    /// The contact was deleted in HubSpot: its conversations are let go (their HubSpot names
    /// removed, looked up again). - Returns: how many.
    @discardableResult
    public func forgetHubSpotContact(_ contactID: String) throws(MessageStoreError) -> Int {
        try write { (db) throws(MessageStoreError) -> Int in
            try Self.release(where: "hubspot_contact_id = ?", .text(contactID), in: db)
        }
    }

    /// Contacts merged into `primary`: their conversations now show `primary` (the caller
    /// applies its name next), and keep showing it whatever numbers it has later, until it is
    /// deleted or a lookup finds another contact for their number. - Returns: how many.
    @discardableResult
    public func mergeHubSpotContacts(_ merged: [String], into primary: String) throws(MessageStoreError) -> Int {
        try write { (db) throws(MessageStoreError) -> Int in
            var changed = 0
            for id in merged where id != primary {
                try db.statement("""
                    UPDATE conversations SET hubspot_contact_id = ?, hubspot_merged_from = ? WHERE hubspot_contact_id = ?
                    """).run([.text(primary), .text(id), .text(id)])
                changed += db.changes
            }
            return changed
        }
    }

    /// A company renamed in HubSpot: every conversation whose HubSpot contact belongs to it.
    @discardableResult
    public func renameHubSpotCompany(_ companyID: String, to name: String?) throws(MessageStoreError) -> Int {
        let company = TextCleaning.company(name)
        return try write { (db) throws(MessageStoreError) -> Int in
            try db.statement("UPDATE conversations SET company = ?, company_key = ? WHERE hubspot_company_id = ?")
                .run([.text(company), .text(company?.lowercased()), .text(companyID)])
            return db.changes
        }
    }

    /// The customers of the conversations that show `contactID` (the numbers whose cached
    /// answers name it).
    public func customers(ofHubSpotContact contactID: String) throws(MessageStoreError) -> [E164Number] {
        try withConnection { (db) throws(MessageStoreError) in
            try db.statement("SELECT DISTINCT customer FROM conversations WHERE hubspot_contact_id = ?")
                .all([.text(contactID)]) { E164Number(stored: $0.text(0)) }
        }
    }

    /// The customers of the conversations whose HubSpot contact belongs to `companyID`.
    public func customers(ofHubSpotCompany companyID: String) throws(MessageStoreError) -> [E164Number] {
        try withConnection { (db) throws(MessageStoreError) in
            try db.statement("SELECT DISTINCT customer FROM conversations WHERE hubspot_company_id = ?")
                .all([.text(companyID)]) { E164Number(stored: $0.text(0)) }
        }
    }

    /// Lets conversations go from their HubSpot contact: the link and a HubSpot-given name and
    /// company are removed, and they are due for a lookup.
    private static func release(where filter: StaticString, _ key: SQLValue, in db: any DatabaseConnection)
        throws(MessageStoreError) -> Int
    {
        try db.statement("""
            UPDATE conversations
            SET name = CASE WHEN name_source = 'hubspot' THEN NULL ELSE name END,
                name_key = CASE WHEN name_source = 'hubspot' THEN NULL ELSE name_key END,
                company = CASE WHEN name_source = 'hubspot' THEN NULL ELSE company END,
                company_key = CASE WHEN name_source = 'hubspot' THEN NULL ELSE company_key END,
                name_source = CASE WHEN name_source = 'hubspot' THEN NULL ELSE name_source END,
                hubspot_contact_id = NULL, hubspot_company_id = NULL, hubspot_merged_from = NULL,
                next_lookup_at = NULL
            WHERE \(filter)
            """).run([key])
        return db.changes
    }
}

extension MessageStore {
    /// Names one conversation's customer, unless its current name comes from a better source.
    ///
    /// The write happens when `source` ranks at least as high as the stored name's source
    /// (``NameSource``), so HubSpot can refresh its own name but never replace a manual one.
    /// `company` and `hubspotContactID` replace the stored values only when given (nil keeps
    /// them). Passing ``NameSource/none`` writes nothing.
    ///
    /// - Returns: Whether the name was written.
    @discardableResult
    public func setName(_ name: PersonName, company: String? = nil, hubspotContactID: String? = nil,
                        source: NameSource, for conversation: ConversationID) throws(MessageStoreError) -> Bool
    {
        try write { (db) throws(MessageStoreError) in
            try Self.applyName(name, company: company, hubspotContactID: hubspotContactID, source: source,
                               where: "id = ?", .integer(conversation.rawValue), in: db)
        } > 0
    }

    /// Names the customer in every conversation with `customer` (one per line of ours), each
    /// under the same rule as ``setName(_:company:hubspotContactID:source:for:)``.
    ///
    /// HubSpot answers by phone number, so one lookup names the customer everywhere.
    /// - Returns: How many conversations took the name.
    @discardableResult
    public func setName(_ name: PersonName, company: String? = nil, hubspotContactID: String? = nil,
                        source: NameSource, forCustomer customer: E164Number) throws(MessageStoreError) -> Int
    {
        try write { (db) throws(MessageStoreError) in
            try Self.applyName(name, company: company, hubspotContactID: hubspotContactID, source: source,
                               where: "customer = ?", .text(customer.rawValue), in: db)
        }
    }

    /// The rank-checked name write on the rows `filter` selects (a fixed SQL fragment with one
    /// parameter, `key`); returns how many rows took it.
    @discardableResult
    static func applyName(_ name: PersonName, company: String?, hubspotContactID: String?, source: NameSource,
                          where filter: StaticString, _ key: SQLValue, in db: any DatabaseConnection)
        throws(MessageStoreError) -> Int
    {
        guard source != .none else { return 0 }
        let company = TextCleaning.company(company)
        try db.statement(nameUpdateSQL(where: filter)).run([.text(name.rawValue), .text(name.rawValue.lowercased()), source.storedValue,
                      .text(company), .text(company?.lowercased()), .text(hubspotContactID),
                      .text(hubspotContactID), .text(hubspotContactID), key, .integer(source.rank)])
        return db.changes
    }

    /// The rank-checked name write of ``applyName(_:company:hubspotContactID:source:where:_:in:)``.
    static func nameUpdateSQL(where filter: StaticString) -> String {
        """
        UPDATE conversations
        SET name = ?, name_key = ?, name_source = ?,
            company = COALESCE(?, company), company_key = COALESCE(?, company_key),
            hubspot_contact_id = COALESCE(?, hubspot_contact_id),
            hubspot_merged_from = \(mergeMarkKeptSQL)
        WHERE \(filter) AND \(NameSource.rankSQL) <= ?
        """
    }

    /// The `hubspot_merged_from` an update that links a conversation to a contact (two `?`: the
    /// contact id, nil for none) leaves: a link to another contact is by number, so the mark of a
    /// merge goes. (The CAST tells PostgreSQL the type of a value it sees only tested for NULL.)
    static let mergeMarkKeptSQL = "CASE WHEN CAST(? AS TEXT) IS NULL OR ? = hubspot_contact_id THEN hubspot_merged_from ELSE NULL END"
}

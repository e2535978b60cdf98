extension MessageStore {
    /// Customer numbers due for a HubSpot name lookup, most overdue first, for the background sync.
    ///
    /// A number is due when one of its conversations has no HubSpot or manual name and its
    /// next lookup time has come (never looked up counts as due). Ordered by that time, then by
    /// conversation id: every ``recordLookup(_:for:now:retryAfter:)`` pushes a number's time
    /// forward, so numbers HubSpot does not know go to the back and the rest get their turn.
    public func customersNeedingNames(now: EpochMilliseconds, limit: Int) throws(MessageStoreError) -> [E164Number] {
        try withConnection { (db) throws(MessageStoreError) in
            // MIN over NULL-as-oldest: a never-looked-up conversation makes its number due first.
            try db.statement("""
                SELECT customer, MIN(COALESCE(next_lookup_at, -9223372036854775808)) AS due, MIN(id) AS first
                FROM conversations
                WHERE (name_source IS NULL OR name_source = 'openphone')
                  AND (next_lookup_at IS NULL OR next_lookup_at <= ?)
                GROUP BY customer
                ORDER BY due, first
                LIMIT ?
                """).all([.integer(now.rawValue), .integer(max(limit, 0))]) { E164Number(stored: $0.text(0)) }
        }
    }

    /// Records a HubSpot lookup of `customer` in every conversation with that number: when it
    /// happened, what it found, and when to look again.
    ///
    /// - ``NameLookupOutcome/found(name:company:hubspotContactID:)`` with a name: names the
    ///   customer (source ``NameSource/hubspot``, never over a manual name); no further lookup.
    ///   Without a name: keeps the contact id and company, and looks again after `retryAfter`.
    /// - ``NameLookupOutcome/notFound`` / ``NameLookupOutcome/error``: looks again after
    ///   `retryAfter`; pass a long back-off for not-found (hours) and a short one for errors
    ///   (minutes), since an error says nothing about the number.
    /// - A contact found that HubSpot has ended (``endHubSpotContacts(_:at:)``) names nobody: the
    ///   number is looked up again after `retryAfter`.
    ///
    /// - Returns: How many conversations were updated.
    @discardableResult
    public func recordLookup(_ outcome: NameLookupOutcome, for customer: E164Number, now: EpochMilliseconds,
                             retryAfter: EpochMilliseconds.Interval) throws(MessageStoreError) -> Int
    {
        try write { (db) throws(MessageStoreError) in
            var next: Int64? = (now + retryAfter).rawValue
            // A search that names a contact HubSpot has since ended (deleted or merged away: the
            // search began before, or HubSpot's index still lags) is history: not shown, asked again.
            if case .found(let name, let company, let contactID, let companyID) = outcome,
               try Self.endedAt(contactID, in: db) == nil {
                if let name {
                    try Self.applyName(name, company: company, hubspotContactID: contactID, source: .hubspot,
                                       where: "customer = ?", .text(customer.rawValue), in: db)
                    try db.statement("UPDATE conversations SET hubspot_company_id = ? WHERE customer = ? AND hubspot_contact_id = ?")
                        .run([.text(companyID), .text(customer.rawValue), .text(contactID)])
                    next = nil
                } else {
                    // The contact exists but has no name: keep what it does have.
                    let company = TextCleaning.company(company)
                    try db.statement("""
                        UPDATE conversations
                        SET hubspot_contact_id = ?, hubspot_company_id = ?, company = COALESCE(company, ?),
                            company_key = COALESCE(company_key, ?), hubspot_merged_from = \(Self.mergeMarkKeptSQL)
                        WHERE customer = ?
                        """).run([.text(contactID), .text(companyID), .text(company), .text(company?.lowercased()),
                                  .text(contactID), .text(contactID), .text(customer.rawValue)])
                }
            }
            try db.statement("""
                UPDATE conversations SET looked_up_at = ?, lookup_outcome = ?, next_lookup_at = ? WHERE customer = ?
                """).run([.integer(now.rawValue), .text(outcome.storedValue), .integer(next), .text(customer.rawValue)])
            return db.changes
        }
    }

    /// Claims `customers` for lookups starting now: each number that is due (as
    /// ``customersNeedingNames(now:limit:)`` judges it) has its next lookup time moved to
    /// `now + hold`, so no other worker, responder or sync asks HubSpot for it meanwhile; the
    /// lookup's ``recordLookup(_:for:now:retryAfter:)`` then sets the real time. A claimer that
    /// dies holds the number only until `hold` passes. A claimed number has no outcome until the
    /// lookup records one (the lookup is in progress), so ``endErrorBackoff(now:)`` leaves it be.
    ///
    /// - Parameter afterError: also claim numbers whose last lookup failed on a HubSpot error,
    ///   back-off or not: the one lookup that finds out whether HubSpot answers again.
    /// - Returns: The numbers claimed, in the order given. A number missing was not due: being
    ///   looked up elsewhere, looked up recently, or named already.
    public func claimLookups(_ customers: [E164Number], now: EpochMilliseconds, hold: EpochMilliseconds.Interval,
                             afterError: Bool = false) throws(MessageStoreError) -> [E164Number] {
        try write { (db) throws(MessageStoreError) in
            let claim = try db.statement("""
                UPDATE conversations SET next_lookup_at = ?, lookup_outcome = NULL
                WHERE customer = ? AND (name_source IS NULL OR name_source = 'openphone')
                  AND EXISTS (SELECT 1 FROM conversations due
                              WHERE due.customer = ? AND (due.name_source IS NULL OR due.name_source = 'openphone')
                                AND (due.next_lookup_at IS NULL OR due.next_lookup_at <= ?
                                     \(afterError ? "OR due.lookup_outcome = 'error'" : "")))
                """)
            var claimed: [E164Number] = []
            for customer in customers {
                try claim.run([.integer((now + hold).rawValue), .text(customer.rawValue), .text(customer.rawValue),
                               .integer(now.rawValue)])
                if db.changes > 0 { claimed.append(customer) }
            }
            return claimed
        }
    }

    /// Keeps claims on `customers` (a lookup still queued or going round again) until `until` at
    /// least. A number whose lookup was recorded meanwhile, or that was named, is left alone.
    public func extendClaims(_ customers: [E164Number], until: EpochMilliseconds) throws(MessageStoreError) {
        try write { (db) throws(MessageStoreError) in
            let extend = try db.statement("""
                UPDATE conversations SET next_lookup_at = CASE WHEN next_lookup_at > ? THEN next_lookup_at ELSE ? END
                WHERE customer = ? AND lookup_outcome IS NULL AND next_lookup_at IS NOT NULL
                  AND (name_source IS NULL OR name_source = 'openphone')
                """)
            for customer in customers {
                try extend.run([.integer(until.rawValue), .integer(until.rawValue), .text(customer.rawValue)])
            }
        }
    }

    /// Numbers whose last lookup failed on a HubSpot error, the longest waiting first: what to try
    /// when checking whether HubSpot answers again.
    public func customersAfterErrors(limit: Int) throws(MessageStoreError) -> [E164Number] {
        try withConnection { (db) throws(MessageStoreError) in
            try db.statement("""
                SELECT customer, MIN(next_lookup_at) AS due FROM conversations
                WHERE lookup_outcome = 'error' AND (name_source IS NULL OR name_source = 'openphone')
                GROUP BY customer ORDER BY due NULLS FIRST LIMIT ?
                """).all([.integer(max(limit, 0))]) { E164Number(stored: $0.text(0)) }
        }
    }

    /// Makes every number whose last lookup failed on a HubSpot error due now: HubSpot is back,
    /// so the error's back-off no longer protects anything. Returns how many conversations.
    @discardableResult
    public func endErrorBackoff(now: EpochMilliseconds) throws(MessageStoreError) -> Int {
        try write { (db) throws(MessageStoreError) in
            try db.statement("""
                UPDATE conversations SET next_lookup_at = NULL
                WHERE lookup_outcome = 'error' AND (name_source IS NULL OR name_source = 'openphone')
                  AND next_lookup_at > ?
                """).run([.integer(now.rawValue)])
            return db.changes
        }
    }

    /// Conversations in all, without a real name, and due for lookup at `now`: the sync's progress.
    public func nameSyncProgress(now: EpochMilliseconds) throws(MessageStoreError) -> NameSyncProgress {
        try withConnection { (db) throws(MessageStoreError) in
            let counts = try db.statement("""
                SELECT COUNT(*),
                       COUNT(*) FILTER (WHERE name_source IS NULL OR name_source = 'openphone'),
                       COUNT(*) FILTER (WHERE (name_source IS NULL OR name_source = 'openphone')
                                          AND (next_lookup_at IS NULL OR next_lookup_at <= ?))
                FROM conversations
                """).first([.integer(now.rawValue)]) { row in
                    NameSyncProgress(total: Int(row.integer(0)), unnamed: Int(row.integer(1)), due: Int(row.integer(2)))
                }
            return counts ?? NameSyncProgress(total: 0, unnamed: 0, due: 0)
        }
    }
}

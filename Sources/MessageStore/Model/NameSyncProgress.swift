/// How far the background name sync has got, counted in conversations.
public struct NameSyncProgress: Sendable, Hashable {
    /// Every conversation in the store.
    public var total: Int
    /// Conversations still without a HubSpot or manual name (due now or backing off).
    public var unnamed: Int
    /// Of those, the ones whose next lookup is due now.
    public var due: Int

    public init(total: Int, unnamed: Int, due: Int) {
        self.total = total
        self.unnamed = unnamed
        self.due = due
    }

    /// Conversations with a HubSpot or manual name.
    public var named: Int { total - unnamed }
}

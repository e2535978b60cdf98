/// One of the stack-wide token buckets in the ``RateSegment``, one per upstream limit (HubSpot's
/// two, OpenPhone's one) or share of one (the communications outbox's part of HubSpot's
/// non-search limit): a request counted against one must never wait for, or be refused by,
/// another. The segment has room for four.
public enum RateBucket: Int, Sendable, CaseIterable {
    /// CRM searches: HubSpot allows 5 per second per account.
    case search = 0
    /// Every other HubSpot call: 100–190 per 10 s per private app (`TEN_SECONDLY_ROLLING`).
    case general = 1
    /// Every OpenPhone API call (sends, the workspace's lines): 10 per second per API key.
    case openPhone = 2
    /// Logging messages as HubSpot communications: its own share of HubSpot's non-search limit,
    /// so a backlog never takes the lookups' share.
    case hubspotOutbox = 3

    /// Where the bucket's GCRA schedule (µs since the epoch) lives in the segment.
    var scheduleOffset: Int { rawValue * 8 }

    /// Where "no request of this bucket before" (µs since the epoch) lives in the segment: set
    /// when the upstream answered 429, so every process holds off, not only the one that was told.
    var holdOffOffset: Int { RateSegment.holdOffsOffset + rawValue * 8 }

    /// The cache file's header word used while the segment cannot be had (without the file
    /// too, the bucket refuses rather than let each process pace itself alone).
    var fileHeaderOffset: Int {
        switch self {
        case .search: FileHeader.rateScheduleOffset
        case .general: FileHeader.generalRateScheduleOffset
        case .openPhone: FileHeader.openPhoneRateScheduleOffset
        case .hubspotOutbox: FileHeader.hubspotOutboxRateScheduleOffset
        }
    }
}

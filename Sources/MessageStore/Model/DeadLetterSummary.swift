/// The dead letters at a glance, for health: how many verified deliveries wait to be read again.
///
/// ```swift
/// let summary = try store.deadLetterSummary()
/// if summary.pending > 0 { warn("\(summary.pending) deliveries wait for messages-dead-letters replay") }
/// ```
public struct DeadLetterSummary: Sendable, Hashable {
    /// Dead letters not read yet: acknowledged to OpenPhone, not in any conversation.
    public var pending: Int
    /// Dead letters that a later version read (kept for the record).
    public var reprocessed: Int
    /// When the oldest pending one first arrived; nil when none is pending.
    public var oldestPendingAt: EpochMilliseconds?

    public init(pending: Int, reprocessed: Int, oldestPendingAt: EpochMilliseconds?) {
        self.pending = pending
        self.reprocessed = reprocessed
        self.oldestPendingAt = oldestPendingAt
    }
}

import Redis
import SharedBudget
import SharedCache

/// OpenPhone's 10 requests per second per key, kept for the whole deployment (a
/// ``SharedBudget`` on ``RateBucket/openPhone``): every call from every worker of every
/// responder, and in a cluster of every host, takes a token here, so the deployment stays under
/// `OPENPHONE_RATE`, and once OpenPhone answered 429 none of them asks again before its
/// `Retry-After` is over.
///
/// ```swift
/// let gate = OpenPhoneRateGate(cache: cache, rate: configuration.rate)
/// let client = OpenPhoneClient(configuration: configuration, gate: gate)
/// ```
public struct OpenPhoneRateGate: OpenPhoneGate {
    let budget: SharedBudget

    /// - Parameter burst: calls that may go out back to back; 1 spaces them evenly, so arrivals
    ///   jittered on the way never put more than `rate` in one second at OpenPhone.
    public init(cache: SharedCache, rate: Double, burst: Double = 1, cluster: Cluster? = nil) {
        budget = SharedBudget(cache: cache, bucket: .openPhone, rate: rate, burst: burst, cluster: cluster)
    }

    public var rate: Double { budget.rate }
    public var burst: Double { budget.burst }

    public func admit(maxWait: Duration) throws(OpenPhoneError) {
        switch budget.take(maxWait: max(.zero, maxWait)) {
        case .granted: return
        case .refused: throw .budgetUsedUp(rate: budget.rate)
        case .heldOff(let remaining): throw .rateLimited(retryAfter: remaining)
        }
    }

    public func holdOff(for duration: Duration) { budget.holdOff(for: duration.inSeconds) }

    public var holdOffRemaining: Duration { .seconds(budget.holdOffRemaining) }
}

/// One request class's share of HubSpot's limits for the whole stack (see ``StackRateGate``):
/// its rate budget, and its hold-off after HubSpot answered 429.
public protocol RequestGate: Sendable {
    /// Decides whether a request may go out now, waiting at most `maxWait`; throws the reason
    /// when it may not (e.g. the stack-wide rate is used up).
    func admit(maxWait: Duration) throws(HubSpotError)

    /// HubSpot answered 429: no request of this class goes out for `seconds`, from any process
    /// sharing the gate.
    func holdOff(for seconds: Double)

    /// Seconds left of the hold-off; 0 when there is none.
    var holdOffRemaining: Double { get }
}

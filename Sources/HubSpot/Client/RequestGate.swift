/// Decides whether a HubSpot request may go out now, waiting at most `maxWait` seconds; throws
/// the reason when it may not (e.g. the stack-wide search rate is used up).
public protocol RequestGate: Sendable {
    func admit(maxWait: Double) throws(HubSpotError)
}

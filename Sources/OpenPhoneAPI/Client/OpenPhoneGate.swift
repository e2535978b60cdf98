/// OpenPhone's limit as the whole stack shares it (see ``OpenPhoneRateGate``): the rate budget
/// every call takes a token from, and the hold-off after OpenPhone answered 429. A protocol so
/// tests can count and script it.
public protocol OpenPhoneGate: Sendable {
    /// Returns once a call may go out, waiting at most `maxWait`; throws the reason when it may
    /// not (the stack-wide rate is used up).
    func admit(maxWait: Duration) throws(OpenPhoneError)

    /// OpenPhone answered 429: no call goes out for `duration`, from any process sharing the gate.
    func holdOff(for duration: Duration)

    /// What is left of the hold-off; zero when there is none.
    var holdOffRemaining: Duration { get }
}

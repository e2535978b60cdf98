/// How one ``RequestClass`` reaches HubSpot: its cool-down after a 429 (this process's, and the
/// stack's through the gate) and its rate budget. The client keeps one lane per class, so a 429
/// on company reads never holds up a search, nor a search's 429 a read.
struct RequestLane: Sendable {
    let requestClass: RequestClass
    /// The stack-wide budget and hold-off; nil admits everything and shares nothing.
    let gate: (any RequestGate)?
    private let cooldown = CooldownGate()

    init(_ requestClass: RequestClass, gate: (any RequestGate)?) {
        self.requestClass = requestClass
        self.gate = gate
    }

    /// Throws HubSpot's 429 again, without asking, while the last one for this class holds —
    /// whichever process of the stack was told.
    func checkCooldown() throws(HubSpotError) {
        let wait = max(cooldown.remaining, gate?.holdOffRemaining ?? 0)
        if wait > 0 { throw .rateLimited(retryAfter: wait) }
    }

    /// A token from the class's budget, waiting at most `maxWait`.
    func admit(maxWait: Duration) throws(HubSpotError) {
        try gate?.admit(maxWait: maxWait)
    }

    /// HubSpot answered 429 for this class: hold it off here and stack-wide.
    func rateLimited(for seconds: Double) {
        cooldown.block(for: seconds)
        gate?.holdOff(for: seconds)
    }
}

import Base

extension OpenPhoneClient {
    /// How long a line picked from OpenPhone's list is used before the list is read again (a
    /// line removed from the workspace stops being used within this).
    public static let pickedLineLifetime: Duration = .seconds(600)

    /// The line to send from: `OPENPHONE_FROM` when set (no call); otherwise the workspace's only
    /// line, or with several the first OpenPhone lists (``PhoneLine/preferred(in:)``: set
    /// `OPENPHONE_FROM` to choose another). The pick is remembered for ``pickedLineLifetime``, so
    /// sends do not each cost a call; a failed lookup is not remembered.
    ///
    /// - Throws: ``OpenPhoneError/Kind/notConfigured`` when the workspace has no line, or the
    ///   lookup's error.
    public func sender(timeout: Duration? = nil) throws(OpenPhoneError) -> MessageSender {
        if let configured = configuration.sender { return configured }
        let now = MonotonicTime.now()
        if let picked = pickedLine.withLock({ $0 }), now < picked.until { return picked.sender }
        guard let line = PhoneLine.preferred(in: try phoneNumbers(timeout: timeout)) else {
            throw .notConfigured("the OpenPhone workspace has no phone number to send from; set OPENPHONE_FROM")
        }
        pickedLine.withLock { $0 = (line.sender, now.adding(seconds: Self.pickedLineLifetime.inSeconds)) }
        return line.sender
    }
}

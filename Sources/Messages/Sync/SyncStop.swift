import HubSpot
import MessageStore

/// Why a sync pass stopped before everything due was looked up, and what that means for the
/// process that ran it.
public enum SyncStop: Sendable, Equatable, CustomStringConvertible {
    /// HubSpot refused the token or a scope is missing: no later pass can do better until an
    /// operator fixes the configuration.
    case refused(HubSpotError)
    /// Several batches in a row learned nothing; `error` is the HubSpot error seen, if any (else
    /// the budget or the stack's rate gate left them untried). The rest waits for the next pass.
    case stalled(batches: Int, error: HubSpotError?)
    /// The message store could not be read or written.
    case store(MessageStoreError)

    /// `contacts-sync`'s exit code when a pass ends this way: 1 for a refusal (the reason is
    /// printed), 0 otherwise (the next pass retries).
    public var exitCode: Int32 {
        if case .refused = self { 1 } else { 0 }
    }

    /// HubSpot itself failed (not the token): worth watching for its recovery rather than
    /// waiting a whole interval for the next pass.
    public var hubSpotFailing: Bool {
        if case .stalled(_, _?) = self { true } else { false }
    }

    public var description: String {
        switch self {
        case .refused(let error):
            "HubSpot refused the token: \(error.code): \(error.message)"
        case .stalled(let batches, let error):
            "HubSpot answered nothing in \(batches) batches in a row"
                + (error.map { " (\($0.code): \($0.message))" } ?? "") + "; the rest waits for the next pass"
        case .store(let error):
            "message store: \(error.description)"
        }
    }
}

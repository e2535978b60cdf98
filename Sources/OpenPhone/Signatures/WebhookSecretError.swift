/// Why `OPENPHONE_WEBHOOK_SECRET` cannot be used. The message never contains the value.
///
/// ```swift
/// catch let error as WebhookSecretError { log.error("\(error)") }  // safe to log
/// ```
public struct WebhookSecretError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Equatable {
        /// Nothing (or only `whsec_`) was configured.
        case empty
        /// The part after an optional `whsec_` is not standard base64.
        case notBase64
        /// The key decodes to fewer than ``WebhookSecret/minimumKeyBytes`` bytes.
        case tooShort
    }

    public let kind: Kind
    public let message: String

    public var description: String { message }

    public static let empty = WebhookSecretError(
        kind: .empty, message: "OPENPHONE_WEBHOOK_SECRET is empty; copy the webhook's signing secret from OpenPhone")

    public static let notBase64 = WebhookSecretError(
        kind: .notBase64,
        message: "OPENPHONE_WEBHOOK_SECRET must be the signing secret as OpenPhone shows it: base64, optionally prefixed by whsec_")

    public static let tooShort = WebhookSecretError(
        kind: .tooShort,
        message: "OPENPHONE_WEBHOOK_SECRET is too short to be an OpenPhone signing secret (at least "
            + "\(WebhookSecret.minimumKeyBytes) bytes once base64-decoded); copy the whole secret from OpenPhone")
}

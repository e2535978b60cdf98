import Base
import EmulatorSupport
import HubSpotWebhooks

// The webhook target from the flags and HUBSPOT_EMULATOR_WEBHOOK_SECRET.
extension HubSpotEmulatorOptions {
    mutating func readWebhooks(_ values: CommandLineValues<Flag>, environment: Environment) throws(OptionsError) {
        if let secret = environment["HUBSPOT_EMULATOR_WEBHOOK_SECRET"] { webhookSecret = Secret(secret) }
        if let url = values[.webhookURL] {
            guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
                throw OptionsError(message: "--webhook-url must be an http:// or https:// URL")
            }
            guard webhookSecret != nil else {
                throw OptionsError(message: "--webhook-url needs HUBSPOT_EMULATOR_WEBHOOK_SECRET to sign deliveries")
            }
            webhookURL = url
        }
        caFile = values[.caFile]
        if let text = values[.webhookSignatures] {
            guard let choice = WebhookSignatures(rawValue: text) else {
                throw OptionsError(message: "--webhook-signatures must be v3, v1 or both")
            }
            webhookSignatures = choice
        }
        if let text = values[.webhookRetryMs] {
            let parts = text == "none" ? [] : text.split(separator: ",", omittingEmptySubsequences: false)
            let delays = parts.compactMap { Int64(String($0).trimmingWhitespace()) }.filter { (0...86_400_000).contains($0) }
            guard delays.count == parts.count, delays.count <= 20 else {
                throw OptionsError(message: "--webhook-retry-ms wants up to 20 comma-separated waits in ms "
                    + "(0…86400000), e.g. 1000,2000, or none")
            }
            webhookRetryDelays = delays.map { Duration.milliseconds($0) }
        }
        if let text = values[.webhookBatchMs] {
            guard let ms = Int64(text), (0...60_000).contains(ms) else {
                throw OptionsError(message: "--webhook-batch-ms must be 0…60000")
            }
            webhookBatchWindow = .milliseconds(ms)
        }
    }

    /// The target these options describe; nil without `--webhook-url`.
    var webhookTarget: HubSpotWebhookTarget? {
        guard let webhookURL, let webhookSecret else { return nil }
        return HubSpotWebhookTarget(url: webhookURL, secret: HubSpotWebhookSecret(webhookSecret.reveal()), caFile: caFile,
                                    signatures: webhookSignatures, retryDelays: webhookRetryDelays,
                                    batchWindow: webhookBatchWindow)
    }
}

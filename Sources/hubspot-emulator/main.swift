// hubspot-emulator: a stand-in HubSpot CRM v3 account over HTTP, for tests and the demo stack.
import Base
import EmulatorSupport
import HubSpotEmulator

let process = EmulatorProcess(name: "hubspot-emulator")
let options = process.start { arguments, environment throws(OptionsError) in
    try HubSpotEmulatorOptions(arguments: arguments, environment: environment)
}

let seed: SeedData
do {
    seed = try SeedData(contactsFile: options.contactsFile, companiesFile: options.companiesFile,
                        region: options.defaultRegion, phoneRegion: options.behaviour.phoneRegion,
                        now: EmulatorClock.system.now().milliseconds)
} catch {
    process.fail("cannot load seed data: \(error)")
}

var configuration = options.configuration
configuration.onRequest = process.log
configuration.onWebhookAttempt = { attempt in
    var fields: [(key: String, value: String)] = [("delivery", String(attempt.deliveryID)),
                                                  ("attempt", String(attempt.attemptNumber)),
                                                  ("events", String(attempt.events)), ("outcome", attempt.outcome)]
    if let status = attempt.status { fields.append(("status", String(status))) }
    if let error = attempt.error { fields.append(("error", error)) }
    Log.write(attempt.outcome == "delivered" ? .info : .warning, "webhook", fields: fields)
}
let emulator = HubSpotEmulator(configuration: configuration, seed: seed)

process.serve(emulator.handle, on: options.listen, started: [
    ("contacts", String(seed.contacts.count)), ("companies", String(seed.companies.count)),
    ("search_rate", String(options.searchRate)), ("default_region", options.defaultRegion.code),
    ("profile", options.profile.rawValue), ("latency_ms", options.behaviour.latency.text),
    ("phone_region", options.behaviour.phoneRegion.rawValue),
    ("calculated_phone_in", options.behaviour.calculatedPhoneIN.rawValue),
    ("ten_secondly_limit", String(options.behaviour.tenSecondlyLimit)),
    ("retry_after", options.behaviour.retryAfter ? "with" : "without"),
    ("duplicate_email", options.behaviour.duplicateEmail.rawValue),
    ("communication_index_lag_ms", String(options.behaviour.communicationIndexLagMs)),
    ("webhook_url", configuration.webhook?.redactedURL ?? "none"), ("ca_file", options.caFile ?? "system"),
    ("webhook_signatures", options.webhookSignatures.rawValue),
    ("webhook_retries", String(options.webhookRetryDelays.count)),
], afterStop: emulator.stop)

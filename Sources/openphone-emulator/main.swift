// openphone-emulator: a stand-in OpenPhone workspace over HTTP (sends, lines, signed status
// webhooks back to the stack), for tests and the demo stack.
import Base
import EmulatorSupport
import OpenPhoneEmulator

let process = EmulatorProcess(name: "openphone-emulator")
let options = process.start { arguments, environment throws(OptionsError) in
    try OpenPhoneEmulatorOptions(arguments: arguments, environment: environment)
}

var configuration = options.configuration
configuration.onRequest = process.log
configuration.onWebhookAttempt = { record in
    var fields: [(key: String, value: String)] = [("type", record.type), ("event", record.eventID),
                                                  ("message", record.messageID), ("attempt", String(record.attempt)),
                                                  ("outcome", record.outcome)]
    if let status = record.status { fields.append(("status", String(status))) }
    if let error = record.error { fields.append(("error", error)) }
    Log.write(record.outcome == "delivered" ? .info : .warning, "webhook", fields: fields)
}
let emulator = OpenPhoneEmulator(configuration: configuration)

process.serve(emulator.handle, on: options.listen, started: [
    ("lines", options.lines.map { "\($0.id)=\($0.number)" }.joined(separator: ",")),
    ("lines_source", options.linesSource), ("rate", String(options.requestsPerSecond)),
    ("outcome", options.behaviour.outcome.rawValue),
    ("delivery_delay_ms", String(options.behaviour.deliveryDelay.wholeMillisecondsRoundedUp)),
    ("webhook_url", configuration.webhook?.redactedURL ?? "none"), ("ca_file", options.caFile ?? "system"),
    ("webhook_retries", String(options.retryDelays.count)),
], afterStop: emulator.stop)

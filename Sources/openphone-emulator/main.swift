// openphone-emulator: a stand-in OpenPhone workspace over HTTP (sends, lines, signed status
// webhooks back to the stack), for tests and the demo stack.
import Base
import Glibc
import HTTPServer
import OpenPhoneEmulator

Log.configure(component: "openphone-emulator")

func fail(_ message: String, status: Int32) -> Never {
    Console.error("openphone-emulator: \(message)")
    exit(status)
}

let options: EmulatorOptions
do {
    options = try EmulatorOptions(arguments: Array(CommandLine.arguments.dropFirst()), environment: Environment.current())
} catch {
    fail("\(error)\n\n\(EmulatorOptions.usage)", status: 2)
}
if options.showHelp {
    print(EmulatorOptions.usage)
    exit(0)
}

// A reader that goes away must not kill us through a log write.
signal(SIGPIPE, SIG_IGN)
// Signals are taken synchronously below; block them before any thread exists so none inherits them.
Signals.block([SIGTERM, SIGINT])

var configuration = options.configuration
configuration.onRequest = { record in
    var fields: [(key: String, value: String)] = [("method", record.method), ("path", record.path),
                                                  ("outcome", record.outcome),
                                                  ("ms", String(Double(Int(record.milliseconds * 10)) / 10))]
    if let endpoint = record.endpoint { fields.insert(("endpoint", endpoint.rawValue), at: 2) }
    if let status = record.status { fields.append(("status", String(status))) }
    Log.write(.info, "request", fields: fields)
}
configuration.onWebhookAttempt = { record in
    var fields: [(key: String, value: String)] = [("type", record.type), ("event", record.eventID),
                                                  ("message", record.messageID), ("attempt", String(record.attempt)),
                                                  ("outcome", record.outcome)]
    if let status = record.status { fields.append(("status", String(status))) }
    if let error = record.error { fields.append(("error", error)) }
    Log.write(record.outcome == "delivered" ? .info : .warning, "webhook", fields: fields)
}
let emulator = OpenPhoneEmulator(configuration: configuration)

let server: HTTPServer
let address = options.unixSocketPath.map { "unix:\($0)" } ?? "\(options.host):\(options.port)"
do {
    server = try HTTPServer.start(HTTPServer.Configuration(host: options.host, port: options.port,
                                                           unixSocketPath: options.unixSocketPath),
                                  handler: emulator.handle)
} catch {
    fail("cannot listen on \(address): \(error)", status: 1)
}

let listening = options.unixSocketPath.map { "unix:\($0)" } ?? "http://\(options.host):\(server.port)"
Log.write(.info, "started", fields: [
    ("address", listening), ("lines", options.lines.map { "\($0.id)=\($0.number)" }.joined(separator: ",")),
    ("lines_source", options.linesSource), ("rate", String(options.requestsPerSecond)),
    ("outcome", options.behaviour.outcome.rawValue),
    ("delivery_delay_ms", String(options.behaviour.deliveryDelay.wholeMillisecondsRoundedUp)),
    ("webhook_url", configuration.webhook?.redactedURL ?? "none"), ("ca_file", options.caFile ?? "system"),
    ("webhook_retries", String(options.retryDelays.count)),
])
Console.error("openphone-emulator listening on \(listening)")

var signals = Signals.set([SIGTERM, SIGINT])
var received: Int32 = 0
while sigwait(&signals, &received) != 0 {}
Log.write(.info, "stopping", fields: [("signal", Signals.name(received))])
server.stop(graceSeconds: 2)
emulator.stop()
Log.write(.info, "stopped", fields: [])
exit(0)

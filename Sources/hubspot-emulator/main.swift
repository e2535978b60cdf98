// hubspot-emulator: a stand-in HubSpot CRM v3 account over HTTP, for tests and the demo stack.
import Base
import Glibc
import HTTPServer
import HubSpotEmulator

Log.configure(component: "hubspot-emulator")

func log(_ level: Log.Level, _ event: String, _ fields: [(key: String, value: String)] = []) {
    Log.write(level, event, fields: fields)
}

func fail(_ message: String, status: Int32) -> Never {
    let text = "hubspot-emulator: \(message)\n"
    _ = text.withCString { write(2, $0, strlen($0)) }
    exit(status)
}

let options: EmulatorOptions
do {
    options = try EmulatorOptions(arguments: Array(CommandLine.arguments.dropFirst()), environment: Environment.current().values)
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
var signals = sigset_t()
sigemptyset(&signals)
sigaddset(&signals, SIGTERM)
sigaddset(&signals, SIGINT)
pthread_sigmask(SIG_BLOCK, &signals, nil)

let seed: SeedData
do {
    seed = try SeedData(contactsFile: options.contactsFile, companiesFile: options.companiesFile,
                        region: options.defaultRegion, phoneRegion: options.behaviour.phoneRegion,
                        now: EmulatorClock.system.now())
} catch {
    fail("cannot load seed data: \(error)", status: 1)
}

var configuration = options.configuration
configuration.onRequest = { record in
    var fields: [(key: String, value: String)] = [("method", record.method), ("path", record.path), ("outcome", record.outcome),
                  ("ms", String(Double(Int(record.milliseconds * 10)) / 10))]
    if let endpoint = record.endpoint { fields.insert(("endpoint", endpoint.rawValue), at: 2) }
    if let status = record.status { fields.append(("status", String(status))) }
    if let label = record.tokenLabel { fields.append(("auth", label)) }
    log(.info, "request", fields)
}
let emulator = HubSpotEmulator(configuration: configuration, seed: seed)

let server: HTTPServer
do {
    server = try HTTPServer.start(HTTPServer.Configuration(host: options.host, port: options.port),
                                  handler: emulator.handle)
} catch {
    fail("cannot listen on \(options.host):\(options.port): \(error)", status: 1)
}

log(.info, "started", [("address", "\(options.host):\(server.port)"), ("contacts", String(seed.contacts.count)),
                       ("companies", String(seed.companies.count)), ("search_rate", String(options.searchRate)),
                       ("default_region", options.defaultRegion.code), ("profile", options.profile.rawValue),
                       ("latency_ms", options.behaviour.latency.text),
                       ("phone_region", options.behaviour.phoneRegion.rawValue),
                       ("calculated_phone_in", options.behaviour.calculatedPhoneIN.rawValue),
                       ("ten_secondly_limit", String(options.behaviour.tenSecondlyLimit)),
                       ("retry_after", options.behaviour.retryAfter ? "with" : "without"),
                       ("duplicate_email", options.behaviour.duplicateEmail.rawValue)])
let ready = "hubspot-emulator listening on http://\(options.host):\(server.port)\n"
_ = ready.withCString { write(2, $0, strlen($0)) }

var received: Int32 = 0
while sigwait(&signals, &received) != 0 {}
log(.info, "stopping", [("signal", received == SIGTERM ? "SIGTERM" : "SIGINT")])
server.stop(graceSeconds: 2)
log(.info, "stopped")
exit(0)

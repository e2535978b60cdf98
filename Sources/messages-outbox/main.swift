// messages-outbox: logs stored messages on their contacts' HubSpot timelines as SMS
// communications (HUBSPOT_LOG_MESSAGES=1), from the message store's outbox, within its own share
// of HubSpot's non-search limit (HUBSPOT_OUTBOX_RATE calls per second, 100 messages a call).
// `--once` drains what is due and exits (a timer); without it, a loop.
//
// Exit codes: 0 done (or stopped by SIGTERM/SIGINT), 64 bad arguments, 78 configuration error.
import Base
import Glibc
import HubSpot
import Messages

Log.configure(component: "messages-outbox")
var loop = LoopOptions(interval: 5)
do throws(ConfigurationError) {
    var rest = CommandLine.arguments.dropFirst()
    while let argument = rest.popFirst() {
        if argument == "--help" || argument == "-h" {
            print("usage: messages-outbox [--once] [--interval SECONDS]\nconfiguration: MESSAGES_DB, HUBSPOT_*, "
                  + "HUBSPOT_OUTBOX_RATE (see README)")
            exit(0)
        }
        guard try loop.consume(argument, from: &rest) else { throw ConfigurationError("unknown argument '\(argument)'") }
    }
} catch {
    Console.error("messages-outbox: \(error.message)")
    exit(64)
}

let outbox: OutboxServices
do {
    outbox = try OutboxServices(environment: Environment.current())
} catch {
    Console.error("messages-outbox: \(error.message)")
    exit(ExitCode.configuration)
}
Signals.block([SIGTERM, SIGINT])

// One host of a cluster drains the outbox at a time (a `--once` run by hand drains where it is run).
let leadership = outbox.store.leadership(.communicationsOutbox)
var leading: Bool? = nil
while true {
    let leads = loop.once || leadership.isLeader()
    if leads != leading {
        Log.info(leads ? "outbox_leading" : "outbox_standby", [:])
        leading = leads
    }
    let worked = leads && outbox.runOnce()
    if loop.once && !worked { exit(0) }
    if worked { continue }
    if let signal = Signals.wait(for: [SIGTERM, SIGINT], seconds: loop.interval) {
        Log.info("outbox_stopped", ["signal": Signals.name(signal)])
        exit(0)
    }
}

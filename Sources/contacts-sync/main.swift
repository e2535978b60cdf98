// contacts-sync: names conversations that have no name yet, from HubSpot, in batches under the
// stack-wide rate limiter. `--once` for one pass (cron, a systemd timer); without it, a loop.
//
// Exit codes: 0 done (or stopped by SIGTERM/SIGINT), 1 HubSpot refused the token or a scope is
// missing (the precise reason is printed), 64 bad arguments, 78 configuration error.
import Base
import Glibc
import Messages

Log.configure(component: "contacts-sync")
let options: SyncOptions
do {
    options = try SyncOptions(arguments: Array(CommandLine.arguments.dropFirst()))
} catch {
    if let message = error.message {
        Console.error("contacts-sync: \(message)\n\(SyncOptions.usage)")
        exit(64)
    }
    print(SyncOptions.usage)
    exit(0)
}

let services: MessagesServices
do {
    services = try MessagesServices(environment: Environment.current())
} catch {
    Console.error("contacts-sync: \(error.message)")
    exit(ExitCode.configuration)
}

let sync = NameSync(store: services.store, namer: services.namer,
                    batchBudget: max(.seconds(6), services.hubspot.configuration.requestTimeout * 3))
let progress = SyncProgressPrinter(interactive: isatty(STDOUT_FILENO) == 1)
Signals.block([SIGTERM, SIGINT])

// The loop runs on one host of a cluster at a time (a `--once` run by hand runs where it is run).
let leadership = services.store.leadership(.nameSync)
var leading: Bool? = nil
while true {
    let leads = options.once || leadership.isLeader()
    if leads != leading {
        Log.info(leads ? "sync_leading" : "sync_standby", [:])
        leading = leads
    }
    guard leads else {
        waitForNextPass(hubSpotFailing: false)
        continue
    }
    let result = sync.run(batchSize: options.batch) { progress.show($0) }
    progress.finish(result)
    if let stop = result.stopped, stop.exitCode != 0 {
        Console.error("contacts-sync: stopped: \(stop)")
        exit(stop.exitCode)
    }
    if options.once { exit(0) }
    waitForNextPass(hubSpotFailing: result.stopped?.hubSpotFailing ?? false)
}

/// Waits `--interval`; after a pass HubSpot's errors stopped, checks every few seconds meanwhile
/// whether HubSpot answers again (``RecoveryCheck``) and starts the next pass as soon as it does,
/// with the errors' back-off ended — names arrive within seconds of HubSpot's recovery, not an
/// interval or a back-off later.
func waitForNextPass(hubSpotFailing: Bool) {
    let started = MonotonicTime.now()
    let check = hubSpotFailing ? min(5, options.interval) : options.interval
    let client = services.hubspot.client
    let recovery = RecoveryCheck(namer: services.namer, store: services.store, budget: sync.batchBudget,
                                 hold: sync.claimHold) { (try? client.verifyConnection(timeout: .seconds(2))) != nil }
    while true {
        let left = options.interval - MonotonicTime.now().seconds(since: started)
        guard left > 0 else { return }
        if let signal = Signals.wait(for: [SIGTERM, SIGINT], seconds: min(check, left)) {
            Log.info("sync_stopped", ["signal": Signals.name(signal)])
            exit(0)
        }
        guard hubSpotFailing else { continue }
        let waiting = (try? services.store.customersAfterErrors(limit: 10)) ?? []
        switch recovery.run(candidates: waiting) {
        case .back: return
        case .stillFailing, .nothingToTry: continue
        }
    }
}

import Base
import Glibc
import CSystem

/// What a responder's handlers know about the process they run in.
public struct ResponderContext: Sendable {
    public let name: String
    /// When the responder (its supervisor) started; uptime is measured from here.
    public let startedAt: Timestamp
    public let workerSlot: Int
    public let workers: Int
    public let threadsPerWorker: Int
}

/// The entry point every responder executable calls from its `main.swift`.
///
/// ```swift
/// Responder.main(name: "contacts-health") { context in
///     var router = Router()
///     router.get("/api/contacts/health") { _ in Response(json: ["status": "ok"]) }
///     return router
/// }
/// ```
/// Started with `--socket PATH` it creates the socket and supervises worker processes; started
/// with a listening socket on fd 0 or from systemd socket activation it serves that socket.
/// `makeRouter` runs in each worker process, so per-process state (files, connections) is opened
/// there, after the spawn.
public enum Responder {
    public static func main(name: String,
                            makeRouter: (ResponderContext) throws -> Router) -> Never {
        // Files a responder creates (messages, credentials, the cache, status files) are never
        // world-readable, whoever starts it and with whatever umask.
        umask(0o027)
        Log.configure(component: name)
        let program = name
        let options: ResponderOptions
        do {
            options = try ResponderOptions(arguments: Array(CommandLine.arguments.dropFirst()))
        } catch {
            printError("\(program): \(error)\n\(ResponderOptions.usage(program: program))")
            exit(ExitCode.usage)
        }
        if options.showHelp {
            print(ResponderOptions.usage(program: program))
            exit(ExitCode.success)
        }
        if options.showVersion {
            print("\(program) \(BuildInfo.product) \(BuildInfo.version)")
            exit(ExitCode.success)
        }
        if options.isWorker { runWorker(name: name, options: options, makeRouter: makeRouter) }
        runSupervisor(program: program, name: name, options: options)
    }

    private static func runSupervisor(program: String, name: String, options: ResponderOptions) -> Never {
        let socket: ListeningSocket
        do throws(StartupError) {
            if let path = options.socketPath {
                socket = try ListeningSocket.create(path: path, mode: options.socketMode, group: options.socketGroup)
            } else if let inherited = ListeningSocket.inherited() {
                socket = inherited
            } else {
                throw StartupError("no socket: pass --socket PATH, or start under systemd socket "
                                   + "activation or spawn-fcgi (listening socket on fd 0)")
            }
        } catch {
            Log.error("startup_failed", ["reason": error.description])
            printError("\(program): \(error)")
            exit(ExitCode.unavailable)
        }
        let statusFile = ResponderStatusFile.directory(environment: .current(), socketPath: socket.ownedPath)
            .map { ResponderStatusFile(directory: $0, responder: name) }
        Supervisor(name: name, socket: socket, options: options, startedAt: .now(), statusFile: statusFile).run()
    }

    private static func runWorker(name: String, options: ResponderOptions,
                                  makeRouter: (ResponderContext) throws -> Router) -> Never {
        // First of all: a worker outliving its supervisor would keep serving a socket nobody
        // manages. The supervisor may have died before this took effect, so check it is still
        // the parent afterwards.
        _ = csystem_set_parent_death_signal(SIGTERM)
        if let supervisor = getenv("HUBSPOT_FCGI_SUPERVISOR_PID").flatMap({ pid_t(String(cString: $0)) }),
           getppid() != supervisor {
            Log.warning("worker_orphaned", ["supervisor_pid": String(supervisor)])
            exit(ExitCode.failure)
        }
        // Spawned through /proc/self/exe, the kernel names the worker "exe": give it the
        // responder's name, so `ps`/`top`/`pgrep contacts-lookup` find workers too.
        _ = csystem_set_process_name(name)
        let environment = { (key: String) in getenv(key).map { String(cString: $0) } }
        let context = ResponderContext(
            name: name,
            startedAt: Timestamp(milliseconds: environment("HUBSPOT_FCGI_STARTED_AT").flatMap { Int64($0) }
                                 ?? Timestamp.now().milliseconds),
            workerSlot: environment("HUBSPOT_FCGI_WORKER_SLOT").flatMap { Int($0) } ?? 0,
            workers: environment("HUBSPOT_FCGI_WORKERS").flatMap { Int($0) } ?? 1,
            threadsPerWorker: options.threads)
        // Block the stop signals before makeRouter: threads it starts (e.g. a connection monitor)
        // inherit the mask, so a second SIGTERM during a drain cannot kill the process.
        Signals.block(WorkerProcess.blockedSignals)
        // libfcgi would otherwise turn SIGUSR1 (a common log-rotation habit) into a silent stop of
        // every accept; ignored signals are left alone by FCGX_Init.
        signal(SIGUSR1, SIG_IGN)
        let router: Router
        do {
            router = try makeRouter(context)
        } catch {
            Log.error("configuration_invalid", ["reason": "\(error)"])
            exit(ExitCode.configuration)
        }
        WorkerProcess(dispatcher: Dispatcher(router: router), threads: options.threads,
                      graceSeconds: options.graceSeconds).run()
    }

    static func printError(_ text: String) { Console.error(text) }
}

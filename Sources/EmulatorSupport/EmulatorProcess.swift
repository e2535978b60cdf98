import Base
import Glibc
import HTTPServer

/// What an emulator's options offer its executable: the usage text, `--help`, and where to listen.
public protocol EmulatorCommandLine {
    /// Printed for `--help` and after a refused option.
    static var usage: String { get }
    var showHelp: Bool { get }
    var listen: ListenAddress { get }
}

/// An emulator executable's life, the same for every emulator: read the options (usage and exit
/// 2 when refused, exit 0 after `--help`), serve until SIGTERM or SIGINT, stop, exit 0. One log
/// line per request; SIGPIPE is ignored so a reader that goes away cannot kill the process.
///
/// ```swift
/// let process = EmulatorProcess(name: "hubspot-emulator")
/// let options = process.start { arguments, environment throws(OptionsError) in
///     try HubSpotEmulatorOptions(arguments: arguments, environment: environment)
/// }
/// var configuration = options.configuration
/// configuration.onRequest = process.log
/// process.serve(HubSpotEmulator(configuration: configuration).handle, on: options.listen,
///               started: [("contacts", "0")])
/// ```
public struct EmulatorProcess: Sendable {
    /// The executable's name, on every log line and message.
    public let name: String

    /// Names the process in the log and reads `LOG_LEVEL`.
    public init(name: String) {
        self.name = name
        Log.configure(component: name)
    }

    /// The options from this process's arguments and environment, or the process ends: usage on
    /// stdout and exit 0 for `--help`, the refusal and usage on stderr and exit 2 otherwise.
    /// Then SIGPIPE is ignored and SIGTERM and SIGINT are blocked, before any thread exists so
    /// every thread inherits the mask and only ``serve(_:on:started:afterStop:)`` takes them.
    public func start<Options: EmulatorCommandLine>(
        _ read: (_ arguments: [String], _ environment: Environment) throws(OptionsError) -> Options
    ) -> Options {
        let options: Options
        do {
            options = try read(Array(CommandLine.arguments.dropFirst()), Environment.current())
        } catch {
            fail("\(error)\n\n\(Options.usage)", status: 2)
        }
        if options.showHelp {
            print(Options.usage)
            exit(0)
        }
        signal(SIGPIPE, SIG_IGN)
        Signals.block(Self.stopSignals)
        return options
    }

    /// `name: message` on stderr, then exit with `status`.
    public func fail(_ message: String, status: Int32 = 1) -> Never {
        Console.error("\(name): \(message)")
        exit(status)
    }

    /// The access-log line of one request (level info).
    @Sendable
    public func log<Endpoint>(_ record: RequestRecord<Endpoint>) {
        Log.write(.info, "request", fields: record.logFields)
    }

    /// Serves `handler` on `address` until SIGTERM or SIGINT, then stops the server (2 s of
    /// grace), runs `afterStop` and exits 0. Logs `started` with the bound address followed by
    /// `started` fields, and tells a person (or a test) on stderr: `NAME listening on URL`.
    /// A server that cannot listen ends the process with status 1.
    public func serve(_ handler: @escaping HTTPServer.Handler, on address: ListenAddress,
                      started fields: [(key: String, value: String)], afterStop: () -> Void = {}) -> Never {
        let server: HTTPServer
        do {
            server = try HTTPServer.start(address.serverConfiguration, handler: handler)
        } catch {
            fail("cannot listen on \(address.described()): \(error)")
        }
        Log.write(.info, "started", fields: [("address", address.described(boundPort: server.port))] + fields)
        Console.error("\(name) listening on \(address.url(boundPort: server.port))")

        var signals = Signals.set(Self.stopSignals)
        var received: Int32 = 0
        while sigwait(&signals, &received) != 0 {}
        Log.write(.info, "stopping", fields: [("signal", Signals.name(received))])
        server.stop(graceSeconds: 2)
        afterStop()
        Log.write(.info, "stopped", fields: [])
        exit(0)
    }

    private static let stopSignals = [SIGTERM, SIGINT]
}

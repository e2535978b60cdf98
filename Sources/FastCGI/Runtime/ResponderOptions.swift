import Base

/// The command line every responder executable shares: the process model, not the business
/// configuration (which comes from the environment).
///
/// ```
/// contacts-health --socket /run/hubspot-fcgi/contacts-health.sock --socket-mode 0660 --workers 2 --threads 16
/// ```
public struct ResponderOptions: Sendable, Equatable {
    public var socketPath: String?
    public var socketMode: UInt32 = 0o660
    public var socketGroup: String?
    public var workers = 2
    public var threads = 32
    public var graceSeconds = 10.0
    /// Internal: set on the processes the supervisor spawns.
    public var isWorker = false
    public var showHelp = false
    public var showVersion = false

    public init() {}

    public static func usage(program: String) -> String {
        """
        usage: \(program) --socket PATH [--socket-mode 0660] [--socket-group GROUP]
                         [--workers N] [--threads N] [--grace-seconds S]
               \(program)                 (listening socket inherited on fd 0, or by systemd LISTEN_FDS)

          --socket PATH        create and serve this Unix socket (refuses one a live process serves)
          --socket-mode MODE   octal permissions of the socket file (default 0660)
          --socket-group NAME  group owning the socket file, e.g. www-data (default: unchanged)
          --workers N          worker processes sharing the socket (default 2)
          --threads N          accepting threads per worker (default 32); workers x threads must
                               exceed nginx's upstream keepalive pool (see README, keep-alive)
          --grace-seconds S    on SIGTERM, how long in-flight requests may take (default 10)
        """
    }

    /// Parses `arguments` (without the program name).
    public init(arguments: [String]) throws(StartupError) {
        var iterator = arguments.makeIterator()
        func value(for flag: String) throws(StartupError) -> String {
            guard let next = iterator.next() else { throw StartupError("\(flag) needs a value") }
            return next
        }
        func integer(for flag: String, in range: ClosedRange<Int>) throws(StartupError) -> Int {
            let text = try value(for: flag)
            guard let number = Int(text), range.contains(number) else {
                throw StartupError("\(flag) must be a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
            }
            return number
        }
        while let argument = iterator.next() {
            switch argument {
            case "--socket": socketPath = try value(for: argument)
            case "--socket-mode":
                let text = try value(for: argument)
                guard let mode = UInt32(text, radix: 8), mode <= 0o777 else {
                    throw StartupError("--socket-mode must be octal permissions such as 0660, not '\(text)'")
                }
                socketMode = mode
            case "--socket-group": socketGroup = try value(for: argument)
            case "--workers": workers = try integer(for: argument, in: 1...64)
            case "--threads": threads = try integer(for: argument, in: 1...512)
            case "--grace-seconds":
                let text = try value(for: argument)
                guard let seconds = Double(text), seconds >= 0, seconds <= 600 else {
                    throw StartupError("--grace-seconds must be between 0 and 600, not '\(text)'")
                }
                graceSeconds = seconds
            case "--worker": isWorker = true
            case "--help", "-h": showHelp = true
            case "--version": showVersion = true
            default: throw StartupError("unknown argument '\(argument)'")
            }
        }
        if let path = socketPath, path.isEmpty { throw StartupError("--socket needs a path") }
    }

    /// The flags a spawned worker needs to behave like its supervisor asked.
    var workerArguments: [String] {
        ["--worker", "--threads", String(threads), "--grace-seconds", String(graceSeconds)]
    }
}

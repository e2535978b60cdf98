import Base
import Glibc

/// Starts worker processes by `posix_spawn` of this same executable with the listening socket on
/// fd 0 (the FastCGI convention). Not `fork()`: forking a process that may have started threads
/// is unsafe, and a fresh exec gives each worker a clean runtime.
struct WorkerSpawner {
    let listenFD: FileDescriptor
    let arguments: [String]
    let environment: [String]

    init(listenFD: FileDescriptor, workerArguments: [String], extraEnvironment: [String: String]) {
        self.listenFD = listenFD
        self.arguments = [CommandLine.arguments.first ?? "responder"] + workerArguments
        let dropped = Set(["LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"] + extraEnvironment.keys)
        var environment: [String] = []
        var cursor = environ
        while let entry = cursor.pointee {
            let text = String(cString: entry)
            let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
            if !dropped.contains(name) { environment.append(text) }
            cursor += 1
        }
        for (name, value) in extraEnvironment.sorted(by: { $0.key < $1.key }) {
            environment.append("\(name)=\(value)")
        }
        self.environment = environment
    }

    /// Spawns one worker with `slot` in its environment; returns its pid.
    func spawn(slot: Int) throws(SystemError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // dup2 onto fd 0 also clears close-on-exec on the copy the child keeps.
        posix_spawn_file_actions_adddup2(&actions, listenFD.rawValue, FileDescriptor.standardInput.rawValue)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // The supervisor blocks the signals it waits for; children must start with a clean mask
        // and default dispositions, or they would ignore SIGTERM.
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        var defaults = Signals.set([SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGPIPE, SIGUSR1])
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = self.environment + ["HUBSPOT_FCGI_WORKER_SLOT=\(slot)"]
        var pid: pid_t = 0
        let result = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in
                posix_spawn(&pid, "/proc/self/exe", &actions, &attributes, argv, envp)
            }
        }
        guard result == 0 else { throw SystemError("posix_spawn", errno: result) }
        return pid
    }
}

/// Calls `body` with a NULL-terminated C array of `strings`, freed afterwards.
func withCStrings<Result>(_ strings: [String],
                          _ body: ([UnsafeMutablePointer<CChar>?]) -> Result) -> Result {
    let pointers = strings.map { strdup($0) } + [nil]
    defer { pointers.forEach { free($0) } }
    return body(pointers)
}

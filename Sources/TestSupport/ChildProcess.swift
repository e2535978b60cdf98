import Glibc

/// A process a test started with `posix_spawn` (no Foundation in the tests): a helper executable
/// built beside the test bundle, the test bundle itself, or a system command. Killed and reaped
/// when released, so a failing test leaves no process behind.
///
/// ```swift
/// let child = ChildProcess.spawn(executable: ChildProcess.siblingExecutable("cache-exerciser"),
///                                arguments: ["hits", path])
/// let line = child.readLine()          // its stdout, through a pipe
///
/// let emulator = ChildProcess.spawn(executable: ChildProcess.siblingExecutable("hubspot-emulator"),
///                                   arguments: ["--listen", "127.0.0.1:0"],
///                                   environment: ["LOG_LEVEL": "warning"], log: directory.file("emulator.log"))
/// ```
public final class ChildProcess {
    public let pid: pid_t
    /// The read end of the stdout pipe; nil when the output goes to a log file.
    private let output: Int32?
    private var buffered: [UInt8] = []
    private var status: Int32?

    private init(pid: pid_t, output: Int32?) {
        self.pid = pid
        self.output = output
    }

    /// Starts `executable` with `arguments`.
    ///
    /// - Parameters:
    ///   - environment: variables set for the child, replacing same-named inherited ones.
    ///   - inheritEnvironment: whether the child starts from this process's environment (else
    ///     from `environment` alone).
    ///   - log: a file that gets the child's stdout and stderr appended; without one, stdout goes
    ///     to a pipe read by ``readLine(timeout:)`` and stderr is this process's.
    public static func spawn(executable: String, arguments: [String] = [], environment: [String: String] = [:],
                             inheritEnvironment: Bool = true, log: String? = nil) -> ChildProcess {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        var pipeFDs: [Int32] = [-1, -1]
        if let log {
            posix_spawn_file_actions_addopen(&actions, 1, log, O_WRONLY | O_CREAT | O_APPEND, 0o644)
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        } else {
            precondition(pipe(&pipeFDs) == 0, "pipe: errno \(errno)")
            // Close-on-exec, so children spawned by parallel tests do not inherit each other's pipes.
            for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] =
            environmentEntries(environment, inherit: inheritEnvironment).map { strdup($0) } + [nil]
        defer { for pointer in argv + envp { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        precondition(result == 0, "posix_spawn \(executable): \(String(cString: strerror(result))) (build it: swift build)")
        if log == nil { close(pipeFDs[1]) }
        return ChildProcess(pid: pid, output: log == nil ? pipeFDs[0] : nil)
    }

    deinit {
        if status == nil {
            Glibc.kill(pid, SIGKILL)
            wait()
        }
        if let output { close(output) }
    }

    /// The next line of stdout, or nil at EOF or after `timeout` seconds.
    public func readLine(timeout: Double = 20) -> String? {
        guard let output else { preconditionFailure("readLine needs a child spawned without a log file") }
        let deadline = monotonicSeconds() + timeout
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - monotonicSeconds()
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(output, &chunk, chunk.count)
            if count <= 0 { return nil }
            buffered += chunk[0..<count]
        }
    }

    /// Sends `signal` (SIGKILL unless told otherwise).
    public func kill(_ signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

    /// Waits for the process to end (reaps it) and returns its raw wait status; later calls
    /// return the same status.
    @discardableResult
    public func wait() -> Int32 {
        if let status { return status }
        var raw: Int32 = 0
        while waitpid(pid, &raw, 0) < 0 && errno == EINTR {}
        status = raw
        return raw
    }

    /// The running test bundle's own path (`/proc/self/exe`), to start it again as a worker.
    public static var currentExecutable: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(count > 0, "readlink /proc/self/exe: errno \(errno)")
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// `name` in the directory of the running test bundle, where SwiftPM puts every product
    /// (declare it as a dependency of the test target so `swift build --build-tests` builds it).
    public static func siblingExecutable(_ name: String) -> String {
        let directory = currentExecutable.split(separator: "/", omittingEmptySubsequences: false).dropLast()
        return directory.joined(separator: "/") + "/" + name
    }

    /// A pid that is certainly dead: a child that ran `/bin/true` and was reaped.
    public static func deadPID() -> pid_t {
        let child = spawn(executable: "/bin/true")
        child.wait()
        return child.pid
    }

    /// `NAME=value` entries: the inherited ones not overridden, then `overrides`.
    private static func environmentEntries(_ overrides: [String: String], inherit: Bool) -> [String] {
        var entries: [String] = []
        if inherit {
            var entry = environ
            while let variable = entry.pointee {
                let text = String(cString: variable)
                let name = text.split(separator: "=", maxSplits: 1).first.map(String.init) ?? text
                if overrides[name] == nil { entries.append(text) }
                entry += 1
            }
        }
        return entries + overrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
    }
}

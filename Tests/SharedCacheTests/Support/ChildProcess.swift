import Glibc

/// A process spawned with posix_spawn, its stdout on a pipe (no Foundation in these tests).
final class ChildProcess {
    let pid: pid_t
    private let output: Int32
    private var buffered: [UInt8] = []
    private var reaped = false

    /// The helper executable built next to the test binary.
    static var exerciserPath: String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        precondition(count > 0)
        let exe = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let directory = exe.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        return directory + "/cache-exerciser"
    }

    /// Spawns the exerciser with `arguments`.
    static func exerciser(_ arguments: [String]) -> ChildProcess {
        ChildProcess(exerciserPath, arguments)
    }

    init(_ executable: String, _ arguments: [String]) {
        var pipeFDs: [Int32] = [0, 0]
        precondition(pipe(&pipeFDs) == 0)
        // Close-on-exec, so children spawned by parallel tests do not inherit each other's pipes.
        for fd in pipeFDs { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        posix_spawn_file_actions_adddup2(&actions, pipeFDs[1], 1)
        defer { posix_spawn_file_actions_destroy(&actions) }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        precondition(result == 0, "posix_spawn \(executable): \(result)")
        close(pipeFDs[1])
        self.pid = pid
        output = pipeFDs[0]
    }

    deinit {
        if !reaped {
            Glibc.kill(pid, SIGKILL)
            _ = wait()
        }
        close(output)
    }

    /// The next line of stdout, or nil at EOF or after `timeout` seconds.
    func readLine(timeout: Double = 20) -> String? {
        let deadline = Self.monotonicSeconds() + timeout
        while true {
            if let newline = buffered.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffered[..<newline], as: UTF8.self)
                buffered.removeSubrange(...newline)
                return line
            }
            let remaining = deadline - Self.monotonicSeconds()
            guard remaining > 0 else { return nil }
            var poller = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, Int32(remaining * 1000) + 1) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(output, &chunk, chunk.count)
            if count <= 0 { return nil }
            buffered += chunk[0..<count]
        }
    }

    func kill(_ signal: Int32 = SIGKILL) { Glibc.kill(pid, signal) }

    /// Waits for the process to end (reaps it) and returns its raw wait status.
    @discardableResult
    func wait() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        reaped = true
        return status
    }

    static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    static func wallMilliseconds() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// A pid that is certainly dead: a child that ran `/bin/true` and was reaped.
    static func deadPID() -> pid_t {
        let child = ChildProcess("/bin/true", [])
        child.wait()
        return child.pid
    }
}

/// `key=value` fields of an exerciser result line.
func fields(_ line: String?) -> [String: Int] {
    var result: [String: Int] = [:]
    for part in (line ?? "").split(separator: " ") {
        let pair = part.split(separator: "=", maxSplits: 1)
        if pair.count == 2, let value = Int(pair[1]) { result[String(pair[0])] = value }
    }
    return result
}

import Glibc
@testable import MessageStore
import Testing

/// Two real processes writing one file: only SQLite's file locks coordinate them (two stores in
/// one process would also share SQLite's in-process lock bookkeeping).
///
/// The child processes are this test binary again, running only ``workerProcess()`` with an
/// environment variable naming the file, so no helper executable target is needed.
@Suite struct MultiProcessTests {
    static let workerVariable = "MESSAGESTORE_TEST_WORKER"

    @Test func twoProcessesRecordingIntoOneFile() throws {
        try TemporaryDirectory.with { directory in
            _ = try openStore(directory)  // created up front; the race to create is its own test
            let log = directory.path + "/workers.log"
            let pids = (0..<2).map { process in
                spawnSelf(arguments: ["--testing-library", "swift-testing", "--filter", "workerProcess"],
                          environment: "\(Self.workerVariable)=\(process)|\(directory.database)", output: log)
            }
            for pid in pids {
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                #expect(status == 0, "worker exit status \(status); see the log below\n\(readTextFile(log))")
            }
            ConcurrencyTests.expectTotals(threads: 8, database: directory.database)
        }
    }

    /// Does nothing unless started by ``twoProcessesRecordingIntoOneFile()``: then records four
    /// threads' events (threads `4 × process …`) and fails on any error.
    @Test func workerProcess() throws {
        guard let spec = getenv(Self.workerVariable).map({ String(cString: $0) }) else { return }
        let parts = spec.split(separator: "|", maxSplits: 1).map(String.init)
        let process = try #require(Int(parts[0]))
        let store = try MessageStore(path: parts[1], options: .init(maxConnections: 2))
        let (failures, duplicates) = ConcurrencyTests.record(stores: [store], threads: 4, firstThread: process * 4)
        #expect(failures == [])
        #expect(duplicates == 4 * 200)
    }
}

/// Starts this executable again with `arguments` and one more environment variable, its
/// stdout and stderr appended to `output`.
private func spawnSelf(arguments: [String], environment extra: String, output: String) -> pid_t {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    precondition(count > 0, "readlink /proc/self/exe")
    let executable = String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)

    var environment: [UnsafeMutablePointer<CChar>?] = []
    var entry = environ
    while let variable = entry.pointee {
        environment.append(strdup(variable))
        entry += 1
    }
    environment += [strdup(extra), nil]
    let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
    defer { for pointer in argv + environment { free(pointer) } }
    var pid: pid_t = 0
    let result = posix_spawn(&pid, executable, &actions, nil, argv, environment)
    precondition(result == 0, "posix_spawn \(executable): \(result)")
    return pid
}

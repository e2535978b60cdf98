import Glibc
@testable import MessageStore
import Testing

/// Two real processes writing one file: only SQLite's file locks coordinate them (two stores in
/// one process would also share SQLite's in-process lock bookkeeping).
///
/// The child processes are this test binary again, running only ``workerProcess()`` with an
/// environment variable naming the file, so no helper executable target is needed.
@Suite(.enabled(if: !storeTestsOnPostgres, "processes sharing a SQLite file")) struct MultiProcessTests {
    static let workerVariable = "MESSAGESTORE_TEST_WORKER"

    @Test func twoProcessesRecordingIntoOneFile() throws {
        try TemporaryDirectory.with { directory in
            _ = try openStore(directory)  // created up front; the race to create is its own test
            let log = directory.path + "/workers.log"
            let workers = (0..<2).map { process in
                ChildProcess.spawn(executable: ChildProcess.currentExecutable,
                                   arguments: ["--testing-library", "swift-testing", "--filter", "workerProcess"],
                                   environment: [Self.workerVariable: "\(process)|\(directory.database)"], log: log)
            }
            for worker in workers {
                let status = worker.wait()
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

import JSON
import Testing
import TestSupport
@testable import HubSpot

/// The audit file: whole JSON lines, nothing lost, whether written at once or buffered by stripes.
@Suite("Audit log")
struct AuditLogTests {
    func entry(_ index: Int) -> AuditLog.Entry {
        AuditLog.Entry(endpoint: "lookup", user: "operator", requestID: "r\(index)",
                       subject: ["phone": .string("+1902555\(1000 + index % 9000)")], result: "found",
                       latencyMilliseconds: 0.5)
    }

    func lines(_ path: String) throws -> [JSONValue] {
        try readTextFile(path).split(separator: "\n").map { try JSONValue(parsing: Array($0.utf8)) }
    }

    @Test(arguments: [0.0, 60.0])
    func everyLineFromManyThreadsArrivesWhole(flushInterval: Double) throws {
        try TemporaryDirectory.with(prefix: "audit-test") { directory in
            let path = directory.file("audit.log")
            let log = try AuditLog(path: path, flushInterval: flushInterval)
            onThreads(16) { thread in
                for index in 0..<500 { log.record(entry(thread * 500 + index)) }
            }
            log.flush()  // a buffered log writes what waits (the worker does this after draining)
            let written = try lines(path)
            #expect(written.count == 8000)
            #expect(Set(written.compactMap { $0["requestId"]?.stringValue }).count == 8000)
            #expect(written.allSatisfy { $0["user"] == "operator" && $0["endpoint"] == "lookup" })
        }
    }

    @Test func bufferedLinesWaitForTheFlush() throws {
        try TemporaryDirectory.with(prefix: "audit-test") { directory in
            let path = directory.file("audit.log")
            let log = try AuditLog(path: path, flushInterval: 60)
            log.record(entry(1))
            #expect(readTextFile(path).isEmpty)
            log.flush()
            #expect(try lines(path).count == 1)
        }
    }
}

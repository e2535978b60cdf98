import Base
import Glibc
import JSON
import Synchronization
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

    /// A disk that stops taking writes (here a pipe nobody reads) holds up the one request whose
    /// line set off the write, not every other: their lines wait in memory, and all arrive later.
    @Test func aStalledWriteDoesNotHoldUpOtherRequests() throws {
        try TemporaryDirectory.with(prefix: "audit-test") { directory in
            let path = directory.file("audit.fifo")
            #expect(mkfifo(path, 0o600) == 0)
            let reader = open(path, O_RDONLY | O_NONBLOCK)
            #expect(reader >= 0)
            defer { close(reader) }
            let log = try AuditLog(path: path, flushInterval: 60)
            let recorded = Atomic<Int>(0)
            let stalledDone = Atomic<Bool>(false)
            // One request thread records until its flush blocks in write(2) on the full pipe.
            #expect(spawnDetachedThread {
                for index in 0..<2000 { log.record(entry(index)) }
                stalledDone.store(true, ordering: .sequentiallyConsistent)
            })
            let blockedInWrite = waitUntil(timeout: 10) { threadBlockedWriting(to: path, besides: reader) }
            #expect(blockedInWrite)
            // Meanwhile other requests go on: 2,000 lines, none waiting for the disk.
            #expect(spawnDetachedThread {
                for index in 2000..<4000 { log.record(entry(index)) }
                recorded.store(2000, ordering: .sequentiallyConsistent)
            })
            #expect(waitUntil(timeout: 10) { recorded.load(ordering: .sequentiallyConsistent) == 2000 })
            // The disk comes back (read on a thread of its own: a flush may wait for it): every
            // line of both arrives, whole.
            let received = Mutex<[UInt8]>([])
            let reading = Atomic<Bool>(true)
            #expect(spawnDetachedThread {
                var chunk = [UInt8](repeating: 0, count: 65536)
                while reading.load(ordering: .sequentiallyConsistent) {
                    let got = chunk.withUnsafeMutableBytes { read(reader, $0.baseAddress, $0.count) }
                    if got > 0 { received.withLock { $0.append(contentsOf: chunk[0..<got]) } } else { usleep(1000) }
                }
            })
            defer { reading.store(false, ordering: .sequentiallyConsistent) }
            #expect(waitUntil(timeout: 20) { stalledDone.load(ordering: .sequentiallyConsistent) })
            log.flush()
            #expect(waitUntil(timeout: 20) { received.withLock { $0.split(separator: 10).count } == 4000 })
            let lines = received.withLock { $0 }
            let ids = Set(lines.split(separator: 10).compactMap { try? JSONValue(parsing: Array($0)) }
                .compactMap { $0["requestId"]?.stringValue })
            #expect(ids.count == 4000)
        }
    }

    /// Whether a thread of this process sits in write(2) on `path` (through a descriptor other
    /// than `reader`), as /proc shows it: `1 0x<fd> …` in a task's `syscall` file.
    private func threadBlockedWriting(to path: String, besides reader: Int32) -> Bool {
        guard let fds = opendir("/proc/self/fd") else { return false }
        var writers: [Int32] = []
        while let entry = readdir(fds) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard let fd = Int32(name), fd != reader else { continue }
            var target = [CChar](repeating: 0, count: 4096)
            let length = readlink("/proc/self/fd/\(name)", &target, target.count - 1)
            if length > 0 && String(cString: target) == path { writers.append(fd) }
        }
        closedir(fds)
        guard let tasks = opendir("/proc/self/task") else { return false }
        defer { closedir(tasks) }
        while let entry = readdir(tasks) {
            let task = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            let call = readTextFile("/proc/self/task/\(task)/syscall")
            if writers.contains(where: { call.hasPrefix("1 0x" + String($0, radix: 16) + " ") }) { return true }
        }
        return false
    }
}

import Glibc
import Testing
import Base
@testable import FastCGI

@Suite("Creating the listening socket safely")
struct ListeningSocketTests {
    static func temporaryDirectory() -> String {
        var template = Array("/tmp/fcgi-socket-test-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)) }
    }

    func mode(of path: String) -> UInt32 {
        var info = stat()
        stat(path, &info)
        return UInt32(info.st_mode) & 0o777
    }

    @Test func createsWithExplicitMode() throws {
        let path = Self.temporaryDirectory() + "/a.sock"
        let socket = try ListeningSocket.create(path: path, mode: 0o660, group: nil)
        defer { try? socket.fd.close(); socket.removeFile() }
        #expect(mode(of: path) == 0o660)
        #expect(socket.ownedPath == path)
    }

    /// Workers must get the socket only as their fd 0 (the spawner's dup2), never a second copy.
    @Test func createdSocketIsCloseOnExec() throws {
        let path = Self.temporaryDirectory() + "/f.sock"
        let socket = try ListeningSocket.create(path: path, mode: 0o600, group: nil)
        defer { try? socket.fd.close(); socket.removeFile() }
        #expect(try socket.fd.closesOnExec())
    }

    @Test func refusesASocketALiveProcessServes() throws {
        let path = Self.temporaryDirectory() + "/b.sock"
        let first = try ListeningSocket.create(path: path, mode: 0o600, group: nil)
        defer { try? first.fd.close(); first.removeFile() }
        do {
            _ = try ListeningSocket.create(path: path, mode: 0o600, group: nil)
            Issue.record("took over a live socket")
        } catch {
            #expect(error.message.contains("being served by a running process"))
        }
        #expect(access(path, F_OK) == 0)
    }

    @Test func replacesAStaleSocket() throws {
        let path = Self.temporaryDirectory() + "/c.sock"
        let crashed = try ListeningSocket.create(path: path, mode: 0o600, group: nil)
        try crashed.fd.close()  // the file stays behind, as after a kill -9
        let socket = try ListeningSocket.create(path: path, mode: 0o600, group: nil)
        defer { try? socket.fd.close(); socket.removeFile() }
        #expect(access(path, F_OK) == 0)
    }

    @Test func refusesToReplaceARegularFile() throws {
        let path = Self.temporaryDirectory() + "/d.sock"
        try FileDescriptor.open(path, O_CREAT | O_WRONLY, permissions: 0o600).close()
        #expect(throws: StartupError.self) { try ListeningSocket.create(path: path, mode: 0o600, group: nil) }
    }

    @Test func refusesTooLongPaths() {
        let path = "/tmp/" + String(repeating: "x", count: 120)
        #expect(throws: StartupError.self) { try ListeningSocket.create(path: path, mode: 0o600, group: nil) }
    }

    @Test func unknownGroupIsAClearError() throws {
        let path = Self.temporaryDirectory() + "/e.sock"
        do {
            _ = try ListeningSocket.create(path: path, mode: 0o660, group: "no-such-group-hubspot")
            Issue.record("accepted an unknown group")
        } catch {
            #expect(error.message.contains("no such group"))
        }
        #expect(access(path, F_OK) != 0)
    }
}

import Testing
import Base
@testable import FastCGI

@Suite("Responder command line")
struct ResponderOptionsTests {
    @Test func defaultsAreTheShippedLayout() throws {
        let options = try ResponderOptions(arguments: ["--socket", "/run/x.sock"])
        #expect(options.socketPath == "/run/x.sock")
        #expect(options.socketMode == 0o660)
        #expect(options.workers == 2)
        #expect(options.threads == 32)
    }

    @Test func parsesEveryFlag() throws {
        let options = try ResponderOptions(arguments: [
            "--socket", "s", "--socket-mode", "0600", "--socket-group", "www-data",
            "--workers", "4", "--threads", "8", "--grace-seconds", "2.5",
        ])
        #expect(options.socketMode == 0o600)
        #expect(options.socketGroup == "www-data")
        #expect(options.workers == 4)
        #expect(options.threads == 8)
        #expect(options.graceSeconds == 2.5)
    }

    @Test(arguments: [
        ["--workers", "0"], ["--workers", "x"], ["--threads", "100000"], ["--socket-mode", "999"],
        ["--socket-mode", "rw"], ["--socket"], ["--frobnicate"], ["--grace-seconds", "-1"],
    ])
    func rejectsBadArguments(arguments: [String]) {
        #expect(throws: StartupError.self) { try ResponderOptions(arguments: arguments) }
    }

    @Test func workersGetTheirLayout() throws {
        let options = try ResponderOptions(arguments: ["--threads", "4", "--grace-seconds", "3"])
        #expect(options.workerArguments == ["--worker", "--threads", "4", "--grace-seconds", "3.0"])
    }
}

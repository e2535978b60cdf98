import Glibc
import JSON
import Testing
import Base
@testable import FastCGI

@Suite("Responder status files and health's view of them")
struct ResponderStatusTests {
    let now = Timestamp(milliseconds: 1_700_000_000_000)

    func backingOff(_ name: String = "contacts-lookup") -> ResponderStatus {
        ResponderStatus(responder: name, state: .backingOff, reason: .workerCrashLoop, deaths: 6,
                        retryAt: Timestamp(milliseconds: now.milliseconds + 3_200), updatedAt: now,
                        supervisorPID: 4321)
    }

    @Test func encodingRoundTrips() {
        let ok = ResponderStatus(responder: "contacts-health", state: .ok, updatedAt: now, supervisorPID: 12)
        #expect(ResponderStatus(decoding: ok.encoded()) == ok)
        #expect(ResponderStatus(decoding: backingOff().encoded()) == backingOff())
    }

    @Test(arguments: ["", "{", "[]", #"{"responder":"x","state":"sleeping","deaths":0,"updatedAtMs":1,"supervisorPid":2}"#,
                      #"{"responder":"x","state":"ok"}"#])
    func foreignOrTornFilesAreIgnored(text: String) {
        #expect(ResponderStatus(decoding: Array(text.utf8)) == nil)
    }

    @Test func allOkIsNotDegraded() {
        let view = ResponderStatus.publicView(
            [ResponderStatus(responder: "b", state: .ok, supervisorPID: 1),
             ResponderStatus(responder: "a", state: .ok, supervisorPID: 1)], now: now, isRunning: { _ in true })
        #expect(!view.degraded)
        #expect(view.json.encodedString() == #"{"a":{"state":"ok"},"b":{"state":"ok"}}"#)
    }

    @Test func backingOffIsDegradedWithReasonCodesOnly() {
        let view = ResponderStatus.publicView([backingOff()], now: now, isRunning: { _ in true })
        #expect(view.degraded)
        #expect(view.json.encodedString()
            == #"{"contacts-lookup":{"state":"backing_off","reason":"worker_crash_loop","deaths":6,"retryInSeconds":4}}"#)
        #expect(!view.json.encodedString().contains("4321"), "no pid in the public view")
    }

    @Test func misconfiguredIsDegraded() {
        let status = ResponderStatus(responder: "openphone-webhook", state: .misconfigured,
                                     reason: .workerConfigurationError, deaths: 3, supervisorPID: 9)
        let view = ResponderStatus.publicView([status], now: now, isRunning: { _ in true })
        #expect(view.degraded)
        #expect(view.json["openphone-webhook"]?["reason"] == "worker_configuration_error")
    }

    @Test func aFileLeftByADeadSupervisorShowsStopped() {
        let view = ResponderStatus.publicView(
            [ResponderStatus(responder: "contacts-search", state: .ok, supervisorPID: 77)],
            now: now, isRunning: { $0 != 77 })
        #expect(view.degraded)
        #expect(view.json["contacts-search"]?["state"] == "stopped")
    }

    @Test func directoryComesFromTheVariableElseTheCreatedSocket() {
        let configured = Environment(["RESPONDER_STATUS_DIR": "/var/lib/status"])
        #expect(ResponderStatusFile.directory(environment: configured, socketPath: "/run/x/a.sock") == "/var/lib/status")
        #expect(ResponderStatusFile.directory(environment: Environment([:]), socketPath: "/run/x/a.sock") == "/run/x")
        #expect(ResponderStatusFile.directory(environment: Environment([:]), socketPath: nil) == nil)
    }

    @Test func boardReadsEveryStatusFileOfItsDirectory() throws {
        var template = Array("/tmp/status-test-XXXXXX".utf8CString)
        let directory = try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            .map { String(cString: $0) })
        defer {
            for name in ["contacts-lookup.status", "contacts-health.status", "notes.txt"] { unlink(directory + "/" + name) }
            rmdir(directory)
        }
        var lookup = backingOff()
        lookup.supervisorPID = getpid()
        #expect(ResponderStatusFile(directory: directory, responder: "contacts-lookup").write(lookup))
        #expect(ResponderStatusFile(directory: directory, responder: "contacts-health")
            .write(ResponderStatus(responder: "contacts-health", state: .ok, supervisorPID: getpid())))
        let other = open(directory + "/notes.txt", O_WRONLY | O_CREAT, 0o600)
        close(other)

        var info = stat()
        #expect(stat(directory + "/contacts-lookup.status", &info) == 0)
        #expect(info.st_mode & 0o027 == 0, "never world-readable, never group-writable")

        let board = ResponderStatusBoard(directory: directory)
        let view = board.view()
        #expect(view.degraded)
        #expect(view.json["contacts-lookup"]?["state"] == "backing_off")
        #expect(view.json["contacts-health"]?["state"] == "ok")
        #expect(view.json.objectValue?.count == 2)
    }

    @Test func boardWithoutDirectoryShowsNothing() {
        let view = ResponderStatusBoard(directory: nil).view()
        #expect(!view.degraded)
        #expect(view.json.encodedString() == "{}")
    }
}

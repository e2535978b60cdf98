import Base
import EmulatorSupport
import HTTPServer
import Synchronization
import Testing

@Suite("The control/API front and its request record")
struct EmulatorHandlerTests {
    enum Operation: String, Sendable { case search }

    /// Handles one request with `api` on a hand-moved clock; returns the answer and the record
    /// reported for it.
    func handle(_ target: String, method: String = "GET", clock: ManualClock = ManualClock(),
                api: (ServerRequest, inout RequestRecord<Operation>) -> ServerResponse = { _, _ in .text(200, "api") })
        -> (response: ServerResponse, records: [RequestRecord<Operation>])
    {
        let records = Mutex<[RequestRecord<Operation>]>([])
        let handler = EmulatorHandler<Operation>(clock: clock.clock, onRequest: { record in records.withLock { $0.append(record) } })
        let response = handler.handle(ServerRequest(method: method, target: target, headers: [], body: []),
                                      control: { _ in .text(200, "control") }, api: api)
        return (response, records.withLock { $0 })
    }

    @Test("/__emulator and /__emulator/… are control paths; everything else is the API",
          arguments: [("/__emulator", "control"), ("/__emulator/stats", "control"), ("/__emulator/", "control"),
                      ("/__emulatorx", "api"), ("/v1/__emulator/stats", "api"), ("/", "api"), ("/crm/v3", "api")])
    func routing(path: String, expected: String) {
        let (response, records) = handle(path)
        #expect(response.bodyText == expected + "\n")
        #expect(records.count == 1)
        #expect(EmulatorHandler<Operation>.isControlPath(path) == (expected == "control"))
    }

    @Test("The record: method, path, what the API filled in, the status, the time taken")
    func answered() {
        let clock = ManualClock()
        let (_, records) = handle("/search?q=1", method: "POST", clock: clock) { request, record in
            record.endpoint = .search
            record.credentialLabel = "full"
            clock.advance(milliseconds: 1250)
            return .text(429, "slow down")
        }
        let record = records.first
        #expect(record?.method == "POST" && record?.path == "/search")
        #expect(record?.endpoint == .search && record?.credentialLabel == "full")
        #expect(record?.status == 429 && record?.outcome == .answered)
        #expect(record?.milliseconds == 1250)
        #expect(record?.logFields.map { "\($0.key)=\($0.value)" } ==
                    ["method=POST", "path=/search", "endpoint=search", "outcome=answered", "ms=1250.0", "status=429",
                     "auth=full"])
    }

    @Test("A closed or stalled connection has an outcome and no status",
          arguments: [(ServerResponse.closeWithoutAnswer, RequestOutcome.closed),
                      (ServerResponse.stall(seconds: 5), RequestOutcome.stalled)])
    func unanswered(response: ServerResponse, outcome: RequestOutcome) {
        let (answer, records) = handle("/v1/messages") { _, _ in response }
        #expect(answer.action == response.action)
        #expect(records.first?.outcome == outcome)
        #expect(records.first?.status == nil)
        #expect(records.first?.logFields.map { $0.key } == ["method", "path", "outcome", "ms"])
    }

    @Test("Control requests are recorded without an endpoint, and the API is not asked")
    func control() {
        let (_, records) = handle("/__emulator/reset") { _, _ in
            Issue.record("the API answered a control path")
            return .text(500, "")
        }
        #expect(records.first?.endpoint == nil && records.first?.status == 200)
    }
}

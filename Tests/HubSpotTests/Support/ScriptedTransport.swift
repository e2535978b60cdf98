import HTTPClient
import Synchronization
@testable import HubSpot

/// A ``HubSpotTransport`` inside the test: answers with the responses it was given, in order
/// (the last one again once they run out), and remembers every request. No socket, no emulator.
final class ScriptedTransport: HubSpotTransport {
    private let state: Mutex<(answers: [HTTPClientResponse], sent: [HTTPClientRequest])>

    init(_ answers: [HTTPClientResponse]) {
        precondition(!answers.isEmpty, "a scripted transport needs at least one answer")
        state = Mutex((answers, []))
    }

    /// The requests sent so far, oldest first.
    var sent: [HTTPClientRequest] { state.withLock { $0.sent } }

    func send(_ request: HTTPClientRequest, timeout: Duration?) throws(HTTPClientError) -> HTTPClientResponse {
        state.withLock { state in
            state.sent.append(request)
            return state.answers.count > 1 ? state.answers.removeFirst() : state.answers[0]
        }
    }
}

extension HTTPClientResponse {
    /// A JSON answer with `status`.
    static func json(_ status: Int, _ body: String) -> HTTPClientResponse {
        HTTPClientResponse(status: status, headers: [("content-type", "application/json")], body: Array(body.utf8))
    }
}

/// A gate that admits every request and counts them: what a retry costs in budget.
final class CountingGate: RequestGate {
    private let admitted = Atomic<Int>(0)

    var admissions: Int { admitted.load(ordering: .relaxed) }

    func admit(maxWait: Duration) throws(HubSpotError) { admitted.add(1, ordering: .relaxed) }
    func holdOff(for seconds: Double) {}
    var holdOffRemaining: Double { 0 }
}

import HTTPClient
import OpenPhoneAPI
import Synchronization

/// A transport that answers from a script, in order, and records what it was asked: the
/// client's request shape and error mapping without a socket.
final class ScriptedTransport: OpenPhoneTransport {
    typealias Answer = Result<HTTPClientResponse, HTTPClientError>
    private let state: Mutex<(script: [Answer], requests: [HTTPClientRequest], timeouts: [Duration?])>

    init(_ script: [Answer]) { state = Mutex((script, [], [])) }

    /// One JSON answer per call, in order.
    convenience init(_ answers: HTTPClientResponse...) { self.init(answers.map { .success($0) }) }

    func send(_ request: HTTPClientRequest, timeout: Duration?) throws(HTTPClientError) -> HTTPClientResponse {
        let answer = state.withLock { state -> Answer in
            state.requests.append(request)
            state.timeouts.append(timeout)
            guard !state.script.isEmpty else {
                return .failure(HTTPClientError(kind: .other, message: "the script has no answer left"))
            }
            return state.script.removeFirst()
        }
        return try answer.get()
    }

    var requests: [HTTPClientRequest] { state.withLock { $0.requests } }
    var timeouts: [Duration?] { state.withLock { $0.timeouts } }
}

/// A gate that admits or refuses as told and remembers what it was asked.
final class FakeGate: OpenPhoneGate {
    private let state = Mutex<(refuse: Bool, waits: [Duration], holdOffs: [Duration], remaining: Duration)>(
        (false, [], [], .zero))

    init(refusing: Bool = false, holdOffRemaining: Duration = .zero) {
        state.withLock { $0.refuse = refusing; $0.remaining = holdOffRemaining }
    }

    func admit(maxWait: Duration) throws(OpenPhoneError) {
        let refuse = state.withLock { $0.waits.append(maxWait); return $0.refuse }
        if refuse { throw .budgetUsedUp(rate: 10) }
    }

    func holdOff(for duration: Duration) { state.withLock { $0.holdOffs.append(duration) } }

    var holdOffRemaining: Duration { state.withLock { $0.remaining } }
    var waits: [Duration] { state.withLock { $0.waits } }
    var holdOffs: [Duration] { state.withLock { $0.holdOffs } }
}

/// An answer as OpenPhone would give it.
func answer(_ status: Int, _ body: String = "", headers: [(name: String, value: String)] = []) -> HTTPClientResponse {
    HTTPClientResponse(status: status, headers: headers, body: Array(body.utf8))
}

/// The error `body` threw, or nil when it did not throw.
func failure<T>(_ body: () throws(OpenPhoneError) -> T) -> OpenPhoneError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error
    }
}

let testKey = "op_test_key_0123456789abcdefABCDEF"

func configuration(key: String? = testKey, baseURL: String = "https://api.openphone.test",
                   sender: MessageSender? = nil, timeout: Duration = .seconds(5)) -> OpenPhoneConfiguration {
    OpenPhoneConfiguration(apiKey: key.map(Secret.init), baseURL: baseURL, sender: sender, timeout: timeout)
}

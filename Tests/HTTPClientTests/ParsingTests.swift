import CCurl
import Testing
@testable import HTTPClient

@Suite("Header lines, sinks, request header lists, error mapping")
struct ParsingTests {
    func parse(_ line: String) -> HeaderLine {
        Array(line.utf8).withUnsafeBytes { HeaderLine($0) }
    }

    func feed(_ sink: ResponseSink, _ lines: [String]) {
        for line in lines { Array(line.utf8).withUnsafeBytes { sink.receiveHeaderLine($0) } }
    }

    @Test func headerLines() {
        #expect(parse("HTTP/1.1 200 OK\r\n") == .status)
        #expect(parse("HTTP/2 404\r\n") == .status)
        #expect(parse("Content-Type: application/json\r\n") == .field(name: "content-type", value: "application/json"))
        #expect(parse("X-A:\tpadded value \t\r\n") == .field(name: "x-a", value: "padded value"))
        #expect(parse("X-Empty:\r\n") == .field(name: "x-empty", value: ""))
        #expect(parse("X-Colon: a:b\n") == .field(name: "x-colon", value: "a:b"))
        #expect(parse(" folded part\r\n") == .continuation("folded part"))
        #expect(parse("\r\n") == .end)
        #expect(parse("\n") == .end)
        #expect(parse("no colon here\r\n") == .malformed)
        #expect(parse(": no name\r\n") == .malformed)
    }

    @Test func onlyTheFinalResponseHeadersSurvive() {
        let sink = ResponseSink(limit: 10)
        feed(sink, ["HTTP/1.1 100 Continue\r\n", "X-Interim: 1\r\n", "\r\n",
                    "HTTP/1.1 200 OK\r\n", "X-Final: 2\r\n", "X-Fold: a\r\n", "  b\r\n", "\r\n",
                    "X-Trailer: 3\r\n", "\r\n"])
        #expect(sink.headers.map(\.name) == ["x-final", "x-fold"])
        #expect(sink.headers.last?.value == "a b")
    }

    @Test func theBodyLimitIsExact() {
        let sink = ResponseSink(limit: 4)
        let accepted = [UInt8]([1, 2, 3]).withUnsafeBytes { sink.appendBody($0) }
        let last = [UInt8]([4]).withUnsafeBytes { sink.appendBody($0) }
        let over = [UInt8]([5]).withUnsafeBytes { sink.appendBody($0) }
        #expect(accepted && last && !over)
        #expect(sink.body == [1, 2, 3, 4])
        #expect(sink.exceededLimit)
    }

    @Test func requestHeaderLines() {
        #expect(RequestHeaderList.line(for: ("Accept", "application/json")) == "Accept: application/json")
        #expect(RequestHeaderList.line(for: ("X-Empty", "")) == "X-Empty;")
    }

    @Test func errorKinds() {
        #expect(HTTPClientError.kind(of: CURLE_OPERATION_TIMEDOUT, exceededLimit: false, requestSent: true) == .timeout)
        #expect(HTTPClientError.kind(of: CURLE_COULDNT_CONNECT, exceededLimit: false, requestSent: false) == .connectFailed)
        #expect(HTTPClientError.kind(of: CURLE_COULDNT_RESOLVE_HOST, exceededLimit: false, requestSent: false) == .connectFailed)
        #expect(HTTPClientError.kind(of: CURLE_PEER_FAILED_VERIFICATION, exceededLimit: false, requestSent: true) == .tls)
        #expect(HTTPClientError.kind(of: CURLE_WRITE_ERROR, exceededLimit: true, requestSent: true) == .responseTooLarge)
        #expect(HTTPClientError.kind(of: CURLE_WRITE_ERROR, exceededLimit: false, requestSent: true) == .other)
        #expect(HTTPClientError.kind(of: CURLE_FILESIZE_EXCEEDED, exceededLimit: false, requestSent: true) == .responseTooLarge)
        #expect(HTTPClientError.kind(of: CURLE_URL_MALFORMAT, exceededLimit: false, requestSent: false) == .invalidURL)
        #expect(HTTPClientError.kind(of: CURLE_UNSUPPORTED_PROTOCOL, exceededLimit: false, requestSent: false) == .invalidURL)
        #expect(HTTPClientError.kind(of: CURLE_UNSUPPORTED_PROTOCOL, exceededLimit: false, requestSent: true) == .other)
        #expect(HTTPClientError.kind(of: CURLE_RECV_ERROR, exceededLimit: false, requestSent: true) == .other)
    }

    @Test func timeoutsBecomeAtLeastOneMillisecond() {
        #expect(EasyHandle.milliseconds(.seconds(2)) == 2000)
        #expect(EasyHandle.milliseconds(.milliseconds(250)) == 250)
        #expect(EasyHandle.milliseconds(.microseconds(1500)) == 2)  // rounded up, never down to nothing
        #expect(EasyHandle.milliseconds(.zero) == 1)
        #expect(EasyHandle.milliseconds(.seconds(-3)) == 1)
        #expect(EasyHandle.milliseconds(.seconds(1_000_000)) == 86_400_000)
    }

    @Test func httpsDetection() {
        #expect(EasyHandle.isHTTPS("https://api.hubapi.com/"))
        #expect(EasyHandle.isHTTPS("HTTPS://api.hubapi.com/"))
        #expect(!EasyHandle.isHTTPS("http://127.0.0.1:8080/"))
    }
}

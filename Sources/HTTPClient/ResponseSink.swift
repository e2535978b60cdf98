/// Collects one response from curl's callbacks: the body up to a limit, and the header fields
/// of the final response only.
///
/// curl holds an unretained pointer to it during `curl_easy_perform`; the caller keeps it alive.
final class ResponseSink {
    private let limit: Int
    private(set) var body: [UInt8] = []
    private(set) var headers: [(name: String, value: String)] = []
    /// Set when the write callback refused bytes: curl then reports CURLE_WRITE_ERROR, which
    /// means "too large" only because of this flag.
    private(set) var exceededLimit = false
    private var inHeaderBlock = false

    init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// Appends body bytes; false (abort the transfer) once the body would exceed the limit.
    func appendBody(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count <= limit - body.count else {
            exceededLimit = true
            return false
        }
        body.append(contentsOf: bytes)
        return true
    }

    /// Takes one header line; a status line starts over, so only the last block survives.
    func receiveHeaderLine(_ line: UnsafeRawBufferPointer) {
        switch HeaderLine(line) {
        case .status:
            headers.removeAll(keepingCapacity: true)
            inHeaderBlock = true
        case .field(let name, let value) where inHeaderBlock:
            headers.append((name: name, value: value))
            if name == "content-length" { reserveBody(value) }
        case .continuation(let more) where inHeaderBlock && !headers.isEmpty:
            headers[headers.count - 1].value += " " + more
        case .end:
            inHeaderBlock = false  // what follows the blank line (trailers) is not a header
        default:
            break
        }
    }

    /// One allocation for the body when the length is announced and allowed. With a compressed
    /// body the announced length is the compressed one: still a good first guess.
    private func reserveBody(_ length: String) {
        guard let count = Int(length), count > 0, count <= limit else { return }
        body.reserveCapacity(count)
    }
}

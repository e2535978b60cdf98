/// One line as curl's header callback delivers it (terminator included), classified.
///
/// curl calls the header callback once per line of every response it reads for a request:
/// interim `100 Continue` answers, a proxy's `CONNECT` answer, the final response, and chunked
/// trailers. ``ResponseSink`` uses the status lines and blank lines to keep only the final block.
enum HeaderLine: Equatable {
    /// "HTTP/1.1 200 OK", "HTTP/2 404": a new response begins.
    case status
    /// "Name: value": name ASCII-lowercased, value without surrounding blanks.
    case field(name: String, value: String)
    /// A line starting with a blank continues the previous value (obsolete line folding).
    case continuation(String)
    /// The empty line that ends a header block.
    case end
    /// Anything else (no colon, empty name); ignored.
    case malformed

    init(_ line: UnsafeRawBufferPointer) {
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0A || line[end - 1] == 0x0D) { end -= 1 }
        if end == 0 { self = .end; return }
        let bytes = UnsafeRawBufferPointer(rebasing: line[0..<end])
        if bytes.starts(with: "HTTP/".utf8) { self = .status; return }
        if ASCII.isBlank(bytes[0]) {
            self = .continuation(Self.trimmed(bytes[...]))
            return
        }
        guard let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon > 0 else {
            self = .malformed
            return
        }
        let name = String(decoding: bytes[..<colon].map(ASCII.lowercased), as: UTF8.self)
        self = .field(name: name, value: Self.trimmed(bytes[(colon + 1)...]))
    }

    private static func trimmed(_ bytes: Slice<UnsafeRawBufferPointer>) -> String {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end && ASCII.isBlank(bytes[start]) { start += 1 }
        while end > start && ASCII.isBlank(bytes[end - 1]) { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}

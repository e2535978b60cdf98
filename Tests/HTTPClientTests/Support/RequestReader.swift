/// Reads HTTP/1.1 requests off a connection: head up to the blank line, then `Content-Length`
/// bytes of body. Enough for curl's requests; not a general parser.
enum RequestReader {
    /// The next request, or nil at EOF or on garbage. `buffer` carries bytes read past it.
    static func next(from fd: Int32, buffer: inout [UInt8]) -> ReceivedRequest? {
        var headEnd: Int?
        while true {
            // Not a request line (a TLS ClientHello, say): hang up, as a real server would.
            if let first = buffer.first, !(UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(first) { return nil }
            headEnd = find([13, 10, 13, 10], in: buffer)
            if headEnd != nil { break }
            guard Sockets.readSome(fd, into: &buffer) else { return nil }
        }
        let lines = String(decoding: buffer[..<headEnd!], as: UTF8.self).split(separator: "\r\n", omittingEmptySubsequences: false)
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3 else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
        }
        var request = ReceivedRequest(method: String(requestLine[0]), target: String(requestLine[1]),
                                      headers: headers, body: [])
        let length = Int(request.header("content-length") ?? "0") ?? 0
        let bodyStart = headEnd! + 4
        while buffer.count < bodyStart + length {
            guard Sockets.readSome(fd, into: &buffer) else { return nil }
        }
        request.body = Array(buffer[bodyStart..<(bodyStart + length)])
        buffer.removeFirst(bodyStart + length)
        return request
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}

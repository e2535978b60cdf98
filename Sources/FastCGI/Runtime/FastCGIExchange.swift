import CFastCGI
import Glibc

/// One libfcgi request handle (`FCGX_Request`) owned by one worker thread for its lifetime.
final class FastCGIExchange {
    let raw: UnsafeMutablePointer<FCGX_Request>

    /// `FCGX_InitRequest` on `listenFD`, with no flags: signals never abort an accept, shutdown
    /// is driven by the worker instead.
    init(listenFD: CInt) {
        raw = .allocate(capacity: 1)
        raw.initialize(to: FCGX_Request())
        FCGX_InitRequest(raw, listenFD, 0)
    }

    deinit {
        FCGX_Free(raw, 1)
        raw.deinitialize(count: 1)
        raw.deallocate()
    }

    /// `FCGX_Accept_r`: finishes the previous request and waits for the next one, on the kept
    /// connection when nginx asked for keep-alive. Returns 0 or a negative errno-like code.
    func accept() -> CInt { FCGX_Accept_r(raw) }

    /// `FCGX_Finish_r`: flushes and ends the current request.
    func finish() { FCGX_Finish_r(raw) }

    /// `FCGX_Free(…, 1)`: closes the connection, used when draining so nginx does not keep
    /// sending work to a stopping worker.
    func closeConnection() { FCGX_Free(raw, 1) }

    /// Asks libfcgi to close the connection at `finish()` even though nginx asked to keep it.
    func dropKeepAlive() { raw.pointee.keepConnection = 0 }

    /// The FastCGI parameters (the CGI environment nginx sent) that ``Request`` reads; the rest
    /// (SERVER_SOFTWARE, DOCUMENT_ROOT…) are skipped before any String is made, since this runs
    /// for every request.
    func parameters() -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        guard var cursor = raw.pointee.envp else { return result }
        result.reserveCapacity(16)
        while let entry = cursor.pointee {
            if Self.isRead(entry), let equals = strchr(entry, 61) {
                let nameLength = entry.distance(to: equals)
                let name = String(decoding: UnsafeRawBufferPointer(start: entry, count: nameLength), as: UTF8.self)
                result.append((name, String(cString: equals + 1)))
            }
            cursor += 1
        }
        return result
    }

    static func isRead(_ entry: UnsafePointer<CChar>) -> Bool {
        strncmp(entry, "HTTP_", 5) == 0 || strncmp(entry, "REQUEST_", 8) == 0
            || strncmp(entry, "CONTENT_", 8) == 0 || strncmp(entry, "QUERY_STRING=", 13) == 0
            || strncmp(entry, "REMOTE_USER=", 12) == 0
    }

    /// Reads up to `length` bytes of the request body.
    func readBody(length: Int) -> [UInt8] {
        guard length > 0 else { return [] }
        var body = [UInt8](repeating: 0, count: length)
        var filled = 0
        while filled < length {
            let got = body.withUnsafeMutableBytes { buffer in
                FCGX_GetStr(buffer.baseAddress!.advanced(by: filled).assumingMemoryBound(to: CChar.self),
                            CInt(min(length - filled, Int(Int32.max))), raw.pointee.in)
            }
            if got <= 0 { break }
            filled += Int(got)
        }
        if filled < length { body.removeSubrange(filled...) }
        return body
    }

    /// Writes the whole response in one `FCGX_PutStr`, so libfcgi frames it in as few records
    /// as its buffer allows.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            guard let base = buffer.baseAddress else { return true }
            return FCGX_PutStr(base.assumingMemoryBound(to: CChar.self), CInt(buffer.count), raw.pointee.out)
                == CInt(buffer.count)
        }
    }
}

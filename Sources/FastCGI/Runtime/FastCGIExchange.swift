import Base
import CFastCGI
import Glibc

/// One libfcgi request handle (`FCGX_Request`) owned by one worker thread for its lifetime.
///
/// libfcgi never accepts connections here: the worker accepts them itself (so a drain can
/// interrupt the wait) and hands each one in with ``adopt(connection:)``. libfcgi then reads
/// requests from it, and keeps it between requests when nginx asks for keep-alive.
final class FastCGIExchange {
    let raw: UnsafeMutablePointer<FCGX_Request>

    /// `FCGX_InitRequest` on no listening socket (-1): if libfcgi ever falls back to its own
    /// `accept` (after a kept connection closed), it fails at once with EBADF instead of blocking
    /// where no drain can reach it.
    init() {
        raw = .allocate(capacity: 1)
        raw.initialize(to: FCGX_Request())
        FCGX_InitRequest(raw, -1, 0)
    }

    deinit {
        FCGX_Free(raw, 1)
        raw.deinitialize(count: 1)
        raw.deallocate()
    }

    /// The connection this handle reads requests from, if any: a kept connection between requests.
    var connection: FileDescriptor? { raw.pointee.ipcFd >= 0 ? FileDescriptor(rawValue: raw.pointee.ipcFd) : nil }

    /// Hands a freshly accepted connection to libfcgi. Marked as kept, so the `FCGX_Finish_r` at
    /// the start of the next ``nextRequest()`` leaves it open; the BEGIN_REQUEST record then sets
    /// the real keep-alive flag.
    func adopt(connection fd: FileDescriptor) {
        raw.pointee.ipcFd = fd.rawValue
        raw.pointee.keepConnection = 1
    }

    /// `FCGX_Accept_r`: finishes the previous request and reads the next one from the connection.
    /// Returns 0, or a negative errno-like code when the connection ended (it is closed then).
    func nextRequest() -> CInt { FCGX_Accept_r(raw) }

    /// `FCGX_Finish_r`: flushes and ends the current request.
    func finish() { FCGX_Finish_r(raw) }

    /// `FCGX_Free(…, 1)`: closes the connection (libfcgi half-closes it and waits for the peer's
    /// end of file, bounded, before closing).
    func closeConnection() { FCGX_Free(raw, 1) }

    /// Asks nginx to let go of this idle kept connection: an empty FCGI_STDERR record for the last
    /// request id (nginx always uses 1). nginx closes a pooled connection on which anything
    /// arrives, with no request lost; if it has just picked the connection and sent a request,
    /// it reads the record as an empty stderr stream before the response, which the worker still
    /// sends. Closing the connection ourselves instead would race with nginx writing a request
    /// on it, which nginx does not retry for POSTs.
    func askPeerToClose(_ fd: FileDescriptor) {
        let id = UInt16(truncatingIfNeeded: raw.pointee.requestId)
        let record: [UInt8] = [1, 7, UInt8(id >> 8), UInt8(id & 0xff), 0, 0, 0, 0]
        _ = record.withUnsafeBytes { send(fd.rawValue, $0.baseAddress, $0.count, CInt(MSG_NOSIGNAL | MSG_DONTWAIT)) }
    }

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

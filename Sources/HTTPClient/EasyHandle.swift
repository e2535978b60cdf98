internal import CCurl

/// One libcurl easy handle (`CURL *`) and its error buffer, used by one thread at a time.
///
/// The handle outlives requests on purpose: its connection cache keeps connections open between
/// them (keep-alive), and its DNS and TLS session caches stay warm. ``HandlePool`` lends it out.
///
/// `@unchecked Sendable`: curl forbids concurrent use of one handle, and ``HandlePool`` guarantees
/// it: a handle is either in the pool (untouched) or checked out by exactly one `send`.
final class EasyHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
    /// `CURLOPT_ERRORBUFFER`: curl writes its detailed message here when a transfer fails.
    private let errorBuffer: UnsafeMutablePointer<CChar>

    /// `curl_easy_init`, after the once-per-process `curl_global_init`; nil when curl cannot start.
    init?() {
        guard let raw = ccurl_easy_init() else { return nil }
        self.raw = raw
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        curl_easy_cleanup(raw)  // closes the cached connections
        errorBuffer.deallocate()
    }

    /// `curl_easy_reset`: forgets every option of the previous request but keeps the caches
    /// (connections, DNS, TLS sessions), then points curl at our error buffer again.
    func reset() throws(HTTPClientError) {
        curl_easy_reset(raw)
        errorBuffer[0] = 0
        try set(CURLOPT_ERRORBUFFER, pointer: UnsafeMutableRawPointer(errorBuffer))
    }

    /// What curl wrote to the error buffer during the last transfer, without the trailing
    /// blanks and newline it sometimes leaves; empty when nothing.
    var errorDetail: String {
        var detail = Substring(String(cString: errorBuffer))
        while let last = detail.last, last == " " || last == "\n" || last == "\r" { detail.removeLast() }
        return String(detail)
    }

    func set(_ option: CURLoption, _ value: Int) throws(HTTPClientError) {
        try check(ccurl_setopt_long(raw, option, value), option)
    }

    func set(_ option: CURLoption, _ value: Bool) throws(HTTPClientError) {
        try check(ccurl_setopt_long(raw, option, value ? 1 : 0), option)
    }

    /// curl copies the string; it need not outlive this call.
    func set(_ option: CURLoption, _ value: String) throws(HTTPClientError) {
        try check(ccurl_setopt_string(raw, option, value), option)
    }

    /// curl keeps the pointer; it must stay valid until the next `reset`.
    func set(_ option: CURLoption, pointer: UnsafeMutableRawPointer?) throws(HTTPClientError) {
        try check(ccurl_setopt_pointer(raw, option, pointer), option)
    }

    func set(_ option: CURLoption, large value: Int64) throws(HTTPClientError) {
        try check(ccurl_setopt_off_t(raw, option, curl_off_t(value)), option)
    }

    /// `curl_easy_getinfo` for a long value; 0 when curl does not know it.
    func info(_ info: CURLINFO) -> Int {
        var value = 0
        return ccurl_getinfo_long(raw, info, &value) == CURLE_OK ? value : 0
    }

    private func check(_ code: CURLcode, _ option: CURLoption) throws(HTTPClientError) {
        guard code != CURLE_OK else { return }
        // Only option numbers and curl's text: a value may be the request's token.
        let reason = String(cString: curl_easy_strerror(code))
        throw HTTPClientError(kind: .other, message: "curl refused option \(option.rawValue): \(reason)")
    }
}

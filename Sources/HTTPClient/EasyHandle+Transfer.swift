internal import CCurl
import Base

extension EasyHandle {
    /// Runs one request on this handle (`curl_easy_perform`) and collects its response.
    ///
    /// Every option is set afresh after `curl_easy_reset`, so nothing of one request (a body
    /// pointer, a custom method, headers) can leak into the next; only the caches carry over.
    func transfer(_ request: HTTPClientRequest, headers: borrowing RequestHeaderList,
                  configuration: HTTPClientConfiguration, timeout: Duration) throws(HTTPClientError) -> HTTPClientResponse {
        try reset()
        // Again on the way out, so the handle waiting in the pool holds no pointers into this
        // request's headers, body or sink; the caches survive a reset.
        defer { curl_easy_reset(raw) }
        try applyTransportOptions(configuration, timeout: timeout, url: request.url)
        try set(CURLOPT_URL, request.url)
        try set(CURLOPT_HTTPHEADER, pointer: UnsafeMutableRawPointer(headers.raw))
        if request.atMostOnce {
            try set(CURLOPT_FRESH_CONNECT, true)
            try set(CURLOPT_FORBID_REUSE, true)
        }

        let sink = ResponseSink(limit: configuration.maxResponseBytes)
        let code: CURLcode = try withExtendedLifetime(sink) { () throws(HTTPClientError) -> CURLcode in
            try receive(into: sink)
            return try send(method: request.method, body: request.body)
        }
        guard code == CURLE_OK else {
            throw HTTPClientError(curlCode: code, detail: errorDetail, exceededLimit: sink.exceededLimit,
                                  requestSent: info(CURLINFO_REQUEST_SIZE) > 0,
                                  limit: configuration.maxResponseBytes,
                                  redacting: Redaction.secrets(in: request.headers))
        }
        return HTTPClientResponse(status: info(CURLINFO_RESPONSE_CODE), headers: sink.headers, body: sink.body,
                                  reusedConnection: info(CURLINFO_NUM_CONNECTS) == 0)
    }

    /// How to connect and how long to wait: the client's configuration, plus the request's
    /// timeout and scheme.
    private func applyTransportOptions(_ configuration: HTTPClientConfiguration, timeout: Duration,
                                       url: String) throws(HTTPClientError) {
        // Signals would interrupt other threads' system calls; the threaded resolver needs none.
        try set(CURLOPT_NOSIGNAL, true)
        try set(CURLOPT_TCP_NODELAY, true)
        try set(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(configuration.connectTimeout))
        try set(CURLOPT_TIMEOUT_MS, Self.milliseconds(timeout))
        try set(CURLOPT_FOLLOWLOCATION, false)
        // Only the web: no file://, ftp://, gopher:// through a misconfigured base URL.
        try set(CURLOPT_PROTOCOLS_STR, "http,https")
        if !Self.isHTTPS(url) {
            // curl would otherwise offer an h2c upgrade to nobody's benefit; over https it
            // negotiates HTTP/2 or 1.1 by ALPN, which is left to it.
            try set(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        }
        try set(CURLOPT_USERAGENT, configuration.userAgent)
        if configuration.acceptCompressedResponses {
            try set(CURLOPT_ACCEPT_ENCODING, "")  // "": every encoding this libcurl decodes
        }
        // Refuse an announced oversized body before reading it; the write callback catches the
        // rest (no Content-Length, or a compressed body that inflates).
        try set(CURLOPT_MAXFILESIZE_LARGE, large: Int64(max(0, configuration.maxResponseBytes)))
        if let caFile = configuration.caFile { try set(CURLOPT_CAINFO, caFile) }
        if let socket = configuration.unixSocketPath { try set(CURLOPT_UNIX_SOCKET_PATH, socket) }
    }

    /// Points curl's body and header callbacks at `sink`, unretained: the caller keeps it alive.
    private func receive(into sink: ResponseSink) throws(HTTPClientError) {
        let context = Unmanaged.passUnretained(sink).toOpaque()
        let code1 = ccurl_set_write_callback(raw, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            // Returning less than `length` makes curl stop with CURLE_WRITE_ERROR.
            return sink.appendBody(UnsafeRawBufferPointer(start: data, count: length)) ? length : 0
        }, context)
        let code2 = ccurl_set_header_callback(raw, { data, size, count, context in
            let sink = Unmanaged<ResponseSink>.fromOpaque(context!).takeUnretainedValue()
            let length = size * count
            sink.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: length))
            return length
        }, context)
        guard code1 == CURLE_OK, code2 == CURLE_OK else {
            throw HTTPClientError(kind: .other, message: "curl refused the response callbacks")
        }
    }

    /// Sets the method and body, then performs the transfer while the body's bytes are pinned
    /// (`CURLOPT_POSTFIELDS` does not copy).
    private func send(method: String, body: [UInt8]?) throws(HTTPClientError) -> CURLcode {
        guard ASCII.isToken(method) else {
            throw HTTPClientError(kind: .other, message: "the request method is not a valid HTTP token")
        }
        switch method {
        case "HEAD":
            try set(CURLOPT_NOBODY, true)  // a custom "HEAD" would wait for a body that never comes
            return curl_easy_perform(raw)
        case "GET" where body == nil:
            return curl_easy_perform(raw)  // the default after reset
        case "POST":
            break
        default:
            try set(CURLOPT_CUSTOMREQUEST, method)
            if body == nil { return curl_easy_perform(raw) }
        }
        // POST always sends a body, an empty one included, so that it carries Content-Length: 0.
        return (body ?? []).withUnsafeBytes { bytes in
            let code = ccurl_set_post_body(raw, bytes.baseAddress, curl_off_t(bytes.count))
            return code == CURLE_OK ? curl_easy_perform(raw) : code
        }
    }

    /// curl treats 0 as "no timeout": an exhausted budget must still time out, so at least 1 ms;
    /// and at most a day.
    static func milliseconds(_ timeout: Duration) -> Int {
        Int(min(max(timeout.wholeMillisecondsRoundedUp, 1), 86_400_000))
    }

    static func isHTTPS(_ url: String) -> Bool {
        url.utf8.prefix(6).map(ASCII.lowercased).elementsEqual("https:".utf8)
    }
}

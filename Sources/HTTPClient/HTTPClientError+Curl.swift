internal import CCurl

extension HTTPClientError {
    /// The error for a failed `curl_easy_perform`.
    ///
    /// - Parameters:
    ///   - detail: the handle's `CURLOPT_ERRORBUFFER` text, often more specific than the code.
    ///   - exceededLimit: the write callback refused the body, so CURLE_WRITE_ERROR means "too large".
    ///   - requestSent: bytes went to the server, so CURLE_UNSUPPORTED_PROTOCOL is the server's
    ///     fault (an HTTP/0.9 answer), not the URL's.
    ///   - secrets: strings that must not appear in the message (the request's header values).
    init(curlCode code: CURLcode, detail: String, exceededLimit: Bool, requestSent: Bool,
         limit: Int, redacting secrets: [String]) {
        let kind = Self.kind(of: code, exceededLimit: exceededLimit, requestSent: requestSent)
        var message: String
        if kind == .responseTooLarge {
            message = "the response body is larger than the \(limit) bytes allowed"
        } else {
            message = String(cString: curl_easy_strerror(code))
            if !detail.isEmpty && detail != message { message += " (" + detail + ")" }
        }
        self.init(kind: kind, message: Redaction.removing(secrets, from: message))
    }

    static func kind(of code: CURLcode, exceededLimit: Bool, requestSent: Bool) -> Kind {
        switch code {
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_COULDNT_CONNECT, CURLE_COULDNT_RESOLVE_HOST, CURLE_COULDNT_RESOLVE_PROXY:
            return .connectFailed
        case CURLE_SSL_CONNECT_ERROR, CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CERTPROBLEM,
             CURLE_SSL_CIPHER, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_ENGINE_NOTFOUND,
             CURLE_SSL_ENGINE_SETFAILED, CURLE_SSL_ENGINE_INITFAILED, CURLE_SSL_SHUTDOWN_FAILED,
             CURLE_SSL_CRL_BADFILE, CURLE_SSL_ISSUER_ERROR, CURLE_SSL_PINNEDPUBKEYNOTMATCH,
             CURLE_SSL_INVALIDCERTSTATUS, CURLE_SSL_CLIENTCERT, CURLE_USE_SSL_FAILED:
            return .tls
        case CURLE_WRITE_ERROR where exceededLimit, CURLE_FILESIZE_EXCEEDED:
            // FILESIZE_EXCEEDED: CURLOPT_MAXFILESIZE_LARGE saw a Content-Length over the limit
            // before any body byte arrived.
            return .responseTooLarge
        case CURLE_URL_MALFORMAT:
            return .invalidURL
        case CURLE_UNSUPPORTED_PROTOCOL:
            return requestSent ? .other : .invalidURL
        default:
            return .other
        }
    }
}

internal import CCurl

/// A request's headers as the `curl_slist` that `CURLOPT_HTTPHEADER` takes; freed when dropped.
///
/// Refuses names that are not tokens and values with CR, LF or NUL, which would otherwise let a
/// value add header lines of its own. The refusal names the header, never its value: values
/// carry the bearer token.
struct RequestHeaderList: ~Copyable {
    let raw: UnsafeMutablePointer<curl_slist>?

    init(_ headers: [(name: String, value: String)]) throws(HTTPClientError) {
        var list: UnsafeMutablePointer<curl_slist>? = nil
        do throws(HTTPClientError) {
            for header in headers {
                try Self.validate(header)
                try Self.append(Self.line(for: header), to: &list)
            }
            // curl adds these on its own unless a header of the same name is present:
            // `Expect: 100-continue` for bodies over 1 MiB costs a round trip (or a 1 s wait on
            // servers that ignore it), and `Content-Type: application/x-www-form-urlencoded`
            // mislabels every body. "Name:" with nothing after it tells curl to leave one out.
            for suppressed in ["Expect", "Content-Type"] where !Self.contains(headers, suppressed) {
                try Self.append(suppressed + ":", to: &list)
            }
        } catch {
            curl_slist_free_all(list)
            throw error
        }
        raw = list
    }

    deinit {
        curl_slist_free_all(raw)
    }

    /// "Name: value"; an empty value needs curl's "Name;" spelling, since "Name:" removes it.
    static func line(for header: (name: String, value: String)) -> String {
        header.value.isEmpty ? header.name + ";" : header.name + ": " + header.value
    }

    static func validate(_ header: (name: String, value: String)) throws(HTTPClientError) {
        guard ASCII.isToken(header.name) else {
            // Not even the name is shown: a caller may have put a whole "Name: value" line in it.
            throw HTTPClientError(kind: .other, message: "a request header name is empty or not a valid HTTP token")
        }
        guard !header.value.utf8.contains(where: ASCII.breaksHeaderLine) else {
            throw HTTPClientError(kind: .other, message: "request header '\(header.name)' has a CR, LF or NUL in its value")
        }
    }

    private static func contains(_ headers: [(name: String, value: String)], _ name: String) -> Bool {
        let wanted = ASCII.lowercased(name)
        return headers.contains { ASCII.lowercased($0.name) == wanted }
    }

    private static func append(_ line: String, to list: inout UnsafeMutablePointer<curl_slist>?) throws(HTTPClientError) {
        // On failure curl_slist_append returns NULL and leaves the list as it was.
        guard let appended = curl_slist_append(list, line) else {
            throw HTTPClientError(kind: .other, message: "out of memory building request headers")
        }
        list = appended
    }
}

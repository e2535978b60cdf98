import Base
import JSON

/// An HTTP response: status, headers and body, rendered as a FastCGI (CGI-style) header block.
///
/// ```swift
/// return Response(json: ["status": "ok"])
/// ```
public struct Response: Sendable {
    public var status: HTTPStatus
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A JSON response; the one place responders turn values into a JSON body.
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), json: JSONValue) {
        self.init(status: status, headers: headers, jsonBytes: json.encoded())
    }

    /// A JSON response from bytes that are already JSON (a cached, pre-rendered answer).
    public init(status: HTTPStatus = .ok, headers: HTTPHeaders = HTTPHeaders(), jsonBytes: [UInt8]) {
        var headers = headers
        headers.set("Content-Type", "application/json")
        self.init(status: status, headers: headers, body: jsonBytes)
    }

    /// The bytes written to the FastCGI stdout stream: `Status:`, the headers, a blank line, the
    /// body. `includeBody` is false for HEAD, which must carry the same headers and no body.
    public func serialized(includeBody: Bool = true) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(96 + headers.fields.count * 40 + (includeBody ? body.count : 0))
        append("Status: ", to: &out)
        appendDecimal(status.code, to: &out)
        out.append(32)
        append(status.reason, to: &out)
        out.append(contentsOf: [13, 10])
        for field in headers.fields {
            append(field.name, to: &out)
            out.append(contentsOf: [58, 32])  // ": "
            append(field.value, to: &out)
            out.append(contentsOf: [13, 10])
        }
        append("Content-Length: ", to: &out)
        appendDecimal(body.count, to: &out)
        out.append(contentsOf: [13, 10, 13, 10])
        if includeBody { out.append(contentsOf: body) }
        return out
    }

    private func append(_ text: String, to out: inout [UInt8]) {
        out.append(contentsOf: text.utf8)
    }

    /// Decimal digits without building a String: this runs for every response.
    private func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        guard value > 0 else { out.append(48); return }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        var rest = value
        withUnsafeMutableBytes(of: &digits) { buffer in
            while rest > 0 {
                buffer[count] = UInt8(48 + rest % 10)
                rest /= 10
                count += 1
            }
            for index in stride(from: count - 1, through: 0, by: -1) { out.append(buffer[index]) }
        }
    }
}

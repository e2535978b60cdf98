// The shared test helpers (RecordingHTTPServer, RefusedPort, measure) and the server's types,
// for every file of this test target.
@_exported import HTTPServer
@_exported import TestSupport

/// An answer from the test server, 200 unless told, headers as name/value pairs.
func reply(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [],
           delay: Duration = .zero, delivery: ServerResponse.Delivery = .standard) -> ServerResponse {
    var response = ServerResponse(status: status, headers: headers.map { HTTPField(name: $0.0, value: $0.1) },
                                  body: body)
    response.delay = delay
    response.delivery = delivery
    return response
}

// The shared test helpers (RecordingHTTPServer, RefusedPort, TemporaryDirectory, waitUntil,
// measure) and the server's types, for every file of this test target.
@_exported import Base
@_exported import HTTPServer
@_exported import TestSupport

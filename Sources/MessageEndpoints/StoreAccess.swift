import Base
import FastCGI
import MessageStore

extension HTTPError {
    /// The message store cannot be read or written right now (locked past its timeout, disk
    /// full): a retryable 503, never a wrong answer.
    static let storeUnavailableForReading = HTTPError(
        .serviceUnavailable, code: "store_unavailable",
        message: "The message store cannot be read right now; retry shortly.",
        headers: HTTPHeaders([("Retry-After", "2")]))
}

/// Runs a store call for an endpoint: a store error is logged under `event` and answered as
/// ``HTTPError/storeUnavailableForReading``.
func storeCall<T>(_ event: String, _ body: () throws(MessageStoreError) -> T) throws(HTTPError) -> T {
    do {
        return try body()
    } catch {
        Log.error(event, ["error": error.description])
        throw .storeUnavailableForReading
    }
}

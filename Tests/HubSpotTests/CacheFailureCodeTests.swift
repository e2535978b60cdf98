import SharedCache
import Testing
@testable import HubSpot

/// What the shared cache carries between processes for HubSpot: a failed fill's kind, and the
/// counters the admin stats list.
@Suite("HubSpot's failure codes and counters in the shared cache")
struct CacheFailureCodeTests {
    static let kinds: [HubSpotError.Kind] = [.unauthorized, .missingScopes, .rateLimited, .unavailable, .timeout,
                                             .invalidResponse, .notFound, .invalidRequest, .alreadyExists]

    @Test(arguments: kinds)
    func aWaiterOfAnotherProcesssFillLearnsTheKindItFailedWith(kind: HubSpotError.Kind) {
        #expect(HubSpotError.fromSharedFailure(kind.fillFailureCode).kind == kind)
    }

    @Test func everyKindHasItsOwnCode() {
        #expect(Set(Self.kinds.map(\.fillFailureCode)).count == Self.kinds.count)
    }

    @Test func aProduceThatThrewIsUnavailable() {
        #expect(HubSpotError.fromSharedFailure(.produceThrew).kind == .unavailable)
    }

    @Test func theCountersKeepTheirNamesAndSlots() {
        #expect(CallerCounter.hubSpot.map(\.name) == [
            "not_found_answers", "upstream_calls", "upstream_error_unauthorized", "upstream_error_missing_scopes",
            "upstream_error_rate_limited", "upstream_error_unavailable", "upstream_error_timeout",
            "upstream_error_invalid_response", "upstream_error_other",
        ])
        #expect(Set(CallerCounter.hubSpot.map(\.slot)).count == CallerCounter.hubSpot.count)
    }

    @Test func refusedRequestsAreCountedAsAnswersOfNoUse() {
        #expect(CallerCounter.upstreamError(.notFound) == .upstreamErrorInvalidResponse)
        #expect(CallerCounter.upstreamError(.invalidRequest) == .upstreamErrorInvalidResponse)
        #expect(CallerCounter.upstreamError(.alreadyExists) == .upstreamErrorOther)
        #expect(CallerCounter.upstreamError(.timeout) == .upstreamErrorTimeout)
    }
}

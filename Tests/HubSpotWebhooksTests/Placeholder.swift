import Testing
@testable import HubSpotWebhooks

// Placeholder: replaced by the HubSpot webhook signatures and events.

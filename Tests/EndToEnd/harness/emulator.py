"""Control of the HubSpot emulator the stack talks to (its `/__emulator/` endpoints)."""
import requests


class Emulator:
    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/")

    def stats(self) -> dict:
        return requests.get(self.base + "/__emulator/stats", timeout=5).json()

    def calls(self, endpoint: str = "search") -> int:
        return self.stats()["calls"].get(endpoint, 0)

    def fault(self, **fault) -> None:
        response = requests.post(self.base + "/__emulator/faults", json=fault, timeout=5)
        assert response.status_code < 300, response.text

    def clear_faults(self) -> None:
        requests.delete(self.base + "/__emulator/faults", timeout=5)

    def reset(self) -> None:
        requests.post(self.base + "/__emulator/reset", timeout=5)

    def behaviour(self) -> dict:
        """The account's behaviour: latency, IN on calculated phones, limits, Retry-After, duplicates."""
        return requests.get(self.base + "/__emulator/behaviour", timeout=5).json()

    def behave(self, **settings) -> dict:
        """Changes the named behaviour settings, e.g. behave(calculatedPhoneIN="400") or
        behave(latencyMedianMs=300, latencyP99Ms=300); the others are kept."""
        response = requests.post(self.base + "/__emulator/behaviour", json=settings, timeout=5)
        assert response.status_code < 300, response.text
        return response.json()

    def reset_behaviour(self) -> dict:
        """Back to the behaviour the emulator started with (its profile and options)."""
        return requests.delete(self.base + "/__emulator/behaviour", timeout=5).json()

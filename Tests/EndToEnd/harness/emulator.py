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

"""The bundled OpenPhone emulator's control paths (/__emulator/…), for tests that send messages."""
import requests


class OpenPhoneEmulator:
    def __init__(self, base_url: str):
        self.base_url = base_url
        self.session = requests.Session()

    def _call(self, method: str, path: str, body: dict | None = None) -> dict:
        response = self.session.request(method, f"{self.base_url}/__emulator/{path}", json=body, timeout=10)
        assert response.status_code < 300, f"{method} {path}: {response.status_code} {response.text}"
        return response.json() if response.content else {}

    def stats(self) -> dict:
        return self._call("GET", "stats")

    def accepted_sends(self) -> int:
        return self.stats()["sends"]["accepted"]

    def messages(self) -> list[dict]:
        return self._call("GET", "messages")["data"]

    def fault(self, **settings) -> dict:
        return self._call("POST", "fault", settings)

    def clear_faults(self):
        self._call("DELETE", "fault")

    def behave(self, **settings) -> dict:
        return self._call("POST", "behaviour", settings)

    def reset_behaviour(self):
        self._call("DELETE", "behaviour")

    def inbound(self, sender: str, text: str, to: str | None = None) -> dict:
        body = {"from": sender, "text": text}
        if to:
            body["to"] = to
        return self._call("POST", "inbound", body)

"""nginx/responders, the one list nginx's upstreams and locations are rendered from, agrees with
what SwiftPM builds (Package.swift) and with what the API documents (nginx/openapi.yaml): a
responder added on one side and forgotten on the other fails here, not in production."""
import re
import subprocess
from typing import NamedTuple

from harness import paths
from harness.openapi import spec

# Executables Package.swift builds that nginx does not route to, each with the reason.
NOT_ROUTED = {
    "hubspot-check": "command-line check of a HubSpot configuration",
    "hubspot-emulator": "the stand-in HubSpot of the demo and the tests",
    "openphone-emulator": "the stand-in OpenPhone of the demo and the tests",
    "contacts-sync": "the background name sync (a loop or a timer, not a responder)",
    "messages-outbox": "logs messages on HubSpot timelines (a loop or a timer, not a responder)",
    "openphone-replay": "posts signed sample deliveries to the webhook",
    "messages-dead-letters": "command-line tool over the dead letters",
    "fcgi-probe": "test-only responder, never routed",
    "cache-bench": "cache microbenchmark",
    "store-bench": "message-store timings (nginx/bench/store.sh)",
    "cache-exerciser": "helper process of the multi-process cache tests",
}


class Responder(NamedTuple):
    access: str            # public, public-limited, operator or admin
    locations: list[str]   # exact URIs, or prefixes ending in "/"


def listed_responders() -> dict[str, Responder]:
    """Every responder of nginx/responders, read by the stack's own reader (nginx/lib/routes.sh)."""
    script = ('set -euo pipefail; fail() { echo "$*" >&2; exit 1; }; '
              f'NGINX_DIR={str(paths.REPO / "nginx")!r}; source "$NGINX_DIR/lib/routes.sh"; responder_rows')
    rows = subprocess.run(["bash", "-c", script], check=True, capture_output=True, text=True).stdout
    return {fields[0]: Responder(fields[2], fields[4:]) for fields in (row.split() for row in rows.splitlines())}


def package_executables() -> set[str]:
    """Every executable Package.swift declares, as a product or as a target."""
    manifest = (paths.REPO / "Package.swift").read_text()
    return set(re.findall(r'\.executable(?:Target)?\(\s*name:\s*"([^"]+)"', manifest))


def test_every_listed_responder_is_an_executable_swiftpm_builds():
    assert set(listed_responders()) <= package_executables()


def test_every_executable_is_either_routed_or_known_not_to_be():
    unaccounted = package_executables() - set(listed_responders()) - set(NOT_ROUTED)
    assert not unaccounted, f"add these to nginx/responders, or to NOT_ROUTED with a reason: {unaccounted}"
    assert not set(listed_responders()) & set(NOT_ROUTED)


def test_not_routed_names_only_executables_that_exist():
    assert set(NOT_ROUTED) <= package_executables()


def _served_by(path: str, locations: list[str]) -> bool:
    """Whether one of the locations (a prefix when it ends in "/", else exact) serves `path`,
    an OpenAPI path whose {parameters} stand for one non-empty segment."""
    concrete = re.sub(r"\{[^}]+\}", "x", path)
    return any(concrete.startswith(location) if location.endswith("/") else concrete == location
               for location in locations)


def test_every_documented_path_has_exactly_one_responder():
    responders = listed_responders()
    for path in spec()["paths"]:
        serving = [name for name, responder in responders.items() if _served_by(path, responder.locations)]
        assert len(serving) == 1, f"{path} is served by {serving or 'no responder'} in nginx/responders"


def test_every_listed_location_is_documented():
    documented = list(spec()["paths"])
    for name, responder in listed_responders().items():
        for location in responder.locations:
            assert any(_served_by(path, [location]) for path in documented), \
                f"{name}'s {location} is not in nginx/openapi.yaml"

"""Fixtures shared by the end-to-end tests. One stack (nginx + responders via `nginx/stack run`)
serves the whole session; tests that must break processes start their own.

Every stack's HubSpot emulator runs the profile E2E_EMULATOR_PROFILE names: `fast` (the default)
or `realistic` (HubSpot's latency, rate limits and quirks). A test meaningful under one profile
only is marked `@pytest.mark.only_profile("fast", reason=...)` and skipped under the other."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harness.stack import PROFILES, Stack, emulator_profile  # noqa: E402


def pytest_configure(config):
    config.addinivalue_line("markers", "only_profile(name, reason): meaningful only under this HubSpot "
                                       "emulator profile (fast or realistic); skipped under the other")


def pytest_report_header(config):
    return f"HubSpot emulator profile: {emulator_profile()} (E2E_EMULATOR_PROFILE)"


def pytest_runtest_setup(item):
    for marker in item.iter_markers("only_profile"):
        [wanted] = marker.args
        assert wanted in PROFILES, f"only_profile({wanted!r}): no such profile"
        if wanted != emulator_profile():
            pytest.skip(f"only under the {wanted} profile: {marker.kwargs.get('reason', '')}")


@pytest.fixture(scope="session")
def stack():
    running = Stack().start()
    yield running
    running.finish()


@pytest.fixture
def healthy_hubspot(stack):
    """The shared stack with no emulator faults, the profile's behaviour and an empty cache, for
    one test (and no faults or changed behaviour left behind for the next)."""
    stack.emulator.clear_faults()
    stack.emulator.reset_behaviour()
    stack.clear_cache()
    yield
    stack.emulator.clear_faults()
    stack.emulator.reset_behaviour()


@pytest.fixture
def account_behaviour(stack):
    """`behave(**settings)` on the shared stack's emulator for one test, e.g. no latency where a
    test counts calls around injected faults; the profile's behaviour is back afterwards."""
    yield stack.emulator.behave
    stack.emulator.reset_behaviour()


@pytest.fixture
def webhook(stack):
    """Signed OpenPhone deliveries to the shared stack's webhook, through nginx."""
    from harness.openphone import Webhook
    return Webhook(stack)



@pytest.fixture(scope="module")
def browser(inbox):
    """Headless Chromium logged in as the operator on the module's `inbox` stack; its console log
    and screenshots go to Tests/EndToEnd/artifacts/."""
    from harness import browser as browser_harness
    artifacts = Path(__file__).resolve().parent / "artifacts"
    artifacts.mkdir(parents=True, exist_ok=True)
    started = browser_harness.Browser(inbox, credentials=inbox.operator, log_dir=artifacts)
    yield started
    started.quit()


@pytest.fixture(scope="session", autouse=True)
def no_rate_pages_left_behind():
    """Responders started directly (not through `nginx/stack`) leave their stack-wide rate page in
    /dev/shm; at the end of the session, the pages whose cache file is gone are removed."""
    yield
    for page in Path("/dev/shm").glob("hubspot-fcgi-rate-*"):
        try:
            owner = page.read_bytes()[64:].split(b"\0", 1)[0].decode()
            if owner and not Path(owner).exists():
                page.unlink()
        except (OSError, UnicodeDecodeError):
            pass

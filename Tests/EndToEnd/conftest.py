"""Fixtures shared by the end-to-end tests. One stack (nginx + responders via `nginx/stack run`)
serves the whole session; tests that must break processes start their own."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from harness.stack import Stack  # noqa: E402


@pytest.fixture(scope="session")
def stack():
    running = Stack().start()
    yield running
    status = running.stop()
    try:
        assert status == 0, f"nginx/stack run exited {status} on SIGTERM:\n{running.log()}"
    finally:
        running.cleanup()


@pytest.fixture
def healthy_hubspot(stack):
    """The shared stack with no emulator faults and an empty cache, for one test (and no faults
    left behind for the next)."""
    stack.emulator.clear_faults()
    stack.clear_cache()
    yield
    stack.emulator.clear_faults()


@pytest.fixture
def webhook(stack):
    """Signed OpenPhone deliveries to the shared stack's webhook, through nginx."""
    from harness.openphone import Webhook
    return Webhook(stack)



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

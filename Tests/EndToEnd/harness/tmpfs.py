"""A tiny tmpfs for the full-disk tests (mounting needs root)."""
import subprocess
from pathlib import Path


def mount(point: Path, size: str) -> None:
    """Mounts a tmpfs of `size` at `point`. Mode 1777, like /tmp: as root the stack runs its
    responders as an unprivileged account, which must be able to create its files there."""
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=1777", "tmpfs", str(point)],
                   check=True, capture_output=True, text=True)


def unmount(point: Path) -> None:
    if subprocess.run(["umount", str(point)], capture_output=True).returncode != 0:
        subprocess.run(["umount", "-l", str(point)], check=False)

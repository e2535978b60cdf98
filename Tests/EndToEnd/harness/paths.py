"""Where the repository, its scripts and the built binaries are."""
import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
STACK_SCRIPT = REPO / "nginx" / "stack"
OPENAPI = REPO / "nginx" / "openapi.yaml"
BIN_DIR = Path(os.environ.get("BIN_DIR", REPO / ".build" / "debug"))


def binary(name: str) -> Path:
    path = BIN_DIR / name
    if not path.exists():
        raise RuntimeError(f"{path} is missing: build first (swift build), or set BIN_DIR")
    return path

"""Spare loopback ports for a test stack."""
import socket


def free_port() -> int:
    return free_ports(1)[0]


def free_ports(count: int) -> list[int]:
    """`count` distinct spare ports: every probe stays bound until all are chosen, since the
    kernel may hand a port just released to the next probe (a stack once got the same port for
    HTTP and HTTPS, and nginx refused the configuration)."""
    probes = [socket.socket(socket.AF_INET, socket.SOCK_STREAM) for _ in range(count)]
    try:
        for probe in probes:
            probe.bind(("127.0.0.1", 0))
        return [probe.getsockname()[1] for probe in probes]
    finally:
        for probe in probes:
            probe.close()

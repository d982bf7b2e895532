"""A pytest plugin that forbids the network for a whole test session, to run every test's extraction with
no way out: ``PYTHONPATH=tests/robustness python -m pytest -p no_network``.

Connections to anything but the loopback interface, and name lookups of anything but localhost, raise
``NetworkUsed`` (an AssertionError, so the test fails). Loopback stays open: Dask's local cluster and the
batch engine talk over it. Batch workers are separate processes and are not patched; they run the same
``extract``, which the session runs in-process too. A session summary line says how many attempts there were.
"""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

ATTEMPTS: list[str] = []
_LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "", None}


class NetworkUsed(AssertionError):
    pass


def _is_loopback(host: object) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host)).is_loopback
    except ValueError:
        return host == socket.gethostname()


def pytest_configure(config: pytest.Config) -> None:
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex
    real_getaddrinfo = socket.getaddrinfo

    def guard(real: Any) -> Any:
        def connect(self: socket.socket, address: Any) -> Any:
            if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address[0]):
                ATTEMPTS.append(repr(address))
                raise NetworkUsed(f"network connection attempted to {address!r}")
            return real(self, address)
        return connect

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback(host):
            ATTEMPTS.append(repr(host))
            raise NetworkUsed(f"name lookup attempted: {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = guard(real_connect)  # type: ignore[method-assign]
    socket.socket.connect_ex = guard(real_connect_ex)  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


def pytest_terminal_summary(terminalreporter: Any) -> None:
    terminalreporter.write_line(f"no_network: {len(ATTEMPTS)} network attempts {ATTEMPTS[:5]}")

"""A background HTTP prober for the zero-downtime gates: GET every URL in a
bounded loop and count what failed, while the cluster is being changed."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import TracebackType

import httpx


@dataclass
class ProbeStats:
    sent: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return f"{self.failed} failed of {self.sent} requests"


class Prober:
    """Use as a context manager around the disruptive step; stops on exit or after
    `max_seconds`, whichever comes first, so a hung gate cannot probe forever."""

    def __init__(
        self,
        urls: Sequence[str],
        client: httpx.Client,
        *,
        interval: float = 0.2,
        max_seconds: float = 600.0,
    ) -> None:
        self.urls = list(urls)
        self.client = client
        self.interval = interval
        self.max_seconds = max_seconds
        self.stats = ProbeStats()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="todoctl-prober", daemon=True)

    def _loop(self) -> None:
        deadline = time.monotonic() + self.max_seconds
        while not self._stop.is_set() and time.monotonic() < deadline:
            for url in self.urls:
                self.stats.sent += 1
                try:
                    response = self.client.get(url)
                    if response.status_code != 200:
                        self._fail(f"{url}: HTTP {response.status_code}")
                except httpx.HTTPError as exc:
                    self._fail(f"{url}: {type(exc).__name__}")
            self._stop.wait(self.interval)

    def _fail(self, message: str) -> None:
        self.stats.failed += 1
        if len(self.stats.errors) < 10:
            self.stats.errors.append(message)

    def __enter__(self) -> Prober:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

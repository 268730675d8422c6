"""The shared cache, failing soft: a cache that cannot be reached is a cache that holds nothing.

The page cache (accsm/page_cache.py) only ever saves work, so when its backend
fails (Redis stopped, restarted or unreachable) a page is rendered as if it had
never been cached, rather than the request failing. The failure is still worth
knowing about, but not once per request: a site answering a hundred requests a
second would write a hundred identical lines a second. So it is logged at most
once a minute (per cache backend object, which Django keeps one of per thread),
with a count of the failures not logged since.
"""

import logging
import threading
import time
import uuid
import weakref

from django.core.cache import caches
from redis.exceptions import RedisError

logger = logging.getLogger("core.caching")

# What a cache backend raises when its server cannot be reached: Redis's errors
# (connection refused, timeouts, a server still loading its data), and the
# operating system's for a socket that fails outside them.
BACKEND_ERRORS = (RedisError, OSError)
LOG_INTERVAL_SECONDS = 60


class FailSoftCache:
    """get() and set() on a Django cache, its backend's errors turned into misses and logged sparingly."""

    def __init__(self, alias="default", log_interval=LOG_INTERVAL_SECONDS):
        self.alias = alias
        self.log_interval = log_interval
        self._lock = threading.Lock()
        # Keyed on the backend object, so that a cache configured anew (another
        # server, or a test's settings) starts with its own record of failures.
        self._failures = weakref.WeakKeyDictionary()

    @property
    def backend(self):
        return caches[self.alias]

    def get(self, key, default=None):
        backend = self.backend
        try:
            return backend.get(key, default)
        except BACKEND_ERRORS as error:
            self._failed(backend, "read", error)
            return default

    def set(self, key, value, timeout):
        """Store the value; whether it was stored is not for the caller to worry about."""
        backend = self.backend
        try:
            backend.set(key, value, timeout)
        except BACKEND_ERRORS as error:
            self._failed(backend, "write", error)

    def state(self):
        """The cache's state: "ok" when a value written can be read back at once, else "unreachable".

        The key is new each time, so that two processes checking at once never
        read each other's value; it expires on its own.
        """
        key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
        backend = self.backend
        try:
            backend.set(key, value, 10)
            if backend.get(key) == value:
                return "ok"
            error = RuntimeError("a value written could not be read back")
        except BACKEND_ERRORS as raised:
            error = raised
        self._failed(backend, "check", error)
        return "unreachable"

    def _failed(self, backend, operation, error):
        now = time.monotonic()
        with self._lock:
            last_logged, not_logged = self._failures.get(backend, (None, 0))
            if last_logged is not None and now - last_logged < self.log_interval:
                self._failures[backend] = (last_logged, not_logged + 1)
                return
            self._failures[backend] = (now, 0)
        since = f" ({not_logged} more failures since the last report)" if not_logged else ""
        # Without a traceback: the message says all there is, and it is repeated while the failure lasts.
        logger.warning(
            "cache unreachable (%s failed: %s: %s); pages are served without it%s",
            *(operation, type(error).__name__, error, since),
        )


# The default cache, as the page cache and the health check use it.
shared_cache = FailSoftCache()

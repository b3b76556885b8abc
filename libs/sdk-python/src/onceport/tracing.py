"""W3C trace context on outgoing calls, through the OpenTelemetry API when it is installed.

The dependency is optional (``pip install onceport[otel]``): without it, or with no
active span, calls carry no trace headers and nothing else changes.
"""

from __future__ import annotations

try:
    from opentelemetry import propagate as _propagate
except ImportError:  # pragma: no cover - exercised only without the optional dependency
    _propagate = None


def trace_metadata() -> tuple[tuple[str, str], ...]:
    """The current context's ``traceparent`` (and ``tracestate``, baggage) as gRPC metadata."""
    if _propagate is None:
        return ()
    carrier: dict[str, str] = {}
    try:
        _propagate.inject(carrier)
    except Exception:  # telemetry never breaks the caller's work
        return ()
    return tuple((key.lower(), value) for key, value in carrier.items())

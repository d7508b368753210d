"""Who runs a piece of work, and whether that process still lives: the SQLite worker has no
queue engine to send heartbeats to (an import holds the database's only write lock while it
runs), so a run records its process as "host:pid:start" and a later pass asks the system."""

from __future__ import annotations

import os
import socket


def _start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (Linux), which a reused pid does not
    share; None where /proc is missing or the process is gone. "" for a zombie (dead)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as handle:
            stat = handle.read()
    except OSError:
        return None
    fields = stat.rpartition(")")[2].split()  # the command name may hold spaces and parens
    if not fields or fields[0] in ("Z", "X"):
        return ""
    return fields[19] if len(fields) > 19 else None


def _host() -> str:
    return socket.gethostname()[:60]


def identity() -> str:
    """This process: host, pid and (on Linux) its start time."""
    pid = os.getpid()
    return f"{_host()}:{pid}:{_start_time(pid) or ''}"


def alive(runner: str | None) -> bool | None:
    """Whether the recorded process still runs: True, False, or None when this host cannot
    tell (another host's process, or nothing recorded)."""
    if not runner:
        return None
    parts = runner.rsplit(":", 2)
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    host, pid, started = parts[0], int(parts[1]), parts[2]
    if host != _host():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # someone else's process: it exists
    now = _start_time(pid)
    if now == "":
        return False  # a zombie: killed, not yet reaped
    if started and now is not None and now != started:
        return False  # the pid was reused by another process
    return True

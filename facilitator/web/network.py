"""Which address phones reach the laptop at, and the networks that will not let them.

Nothing here sends a packet: the LAN address comes from asking the
operating system which interface it would route through (a UDP "connect"
only looks at the routing table).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket

#: A documentation-only address (TEST-NET-1): used to pick the outgoing interface, never contacted.
_PROBE = ("192.0.2.1", 9)
LOOPBACK = "127.0.0.1"
#: Where the README tells the trainer what to do when phones cannot reach the laptop.
README_SECTION = "README: Joining from phones, guest Wi-Fi"


def lan_address() -> str:
    """The laptop's address on its network (Wi-Fi or cable); 127.0.0.1 when it has none."""
    with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        probe.connect(_PROBE)
        found = str(probe.getsockname()[0])
        if found and not found.startswith("0."):
            return found
    return LOOPBACK


def url_host(bound: str) -> str:
    """The address to print in the join URL for a server bound to `bound` (all interfaces: the LAN's)."""
    if bound in ("", "0.0.0.0", "::"):
        return lan_address()
    return f"[{bound}]" if ":" in bound else bound


def address_problem(host: str) -> str | None:
    """One line for the trainer when phones are unlikely to reach `host`; None when it looks right."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None  # a name: the trainer chose it, we cannot judge it
    if address.is_loopback:
        return (
            f"Only this laptop can open {host}: phones need its Wi-Fi address "
            f"or its hotspot ({README_SECTION})."
        )
    if address.is_link_local or address.is_unspecified:
        return f"The laptop has no network address; turn on its hotspot ({README_SECTION})."
    if not address.is_private:
        return (
            f"{host} is not a private network address: this network may keep phones away from "
            f"the laptop. The laptop's hotspot is the sure way ({README_SECTION})."
        )
    return None


def no_phone_warning(minutes: int) -> str:
    """What to tell the trainer when join has been on a while and no phone has reached the laptop."""
    return (
        f"No phone has reached the laptop in {minutes} minutes. If people have scanned the code, "
        f"this Wi-Fi probably keeps devices apart: use the laptop's hotspot ({README_SECTION})."
    )

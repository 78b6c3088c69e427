"""The phone pages: participants join from their phones on the room's network.

Served by the app itself (uvicorn inside the TUI's event loop, see
`server`), from the laptop, with nothing fetched from anywhere else. This
package talks to the engine only: a phone's entry goes through the same
`Session` methods as the keyboard's, with the same checks, limits and
crash-safe save. `docs/security.md` lists what protects the room's entries.

Nothing is imported here, so the CLI can read `network` without loading
Starlette.
"""

"""The Textual layer: shows the engine's state and sends it commands, never touching TinyDB."""

"""Facilitator: run a customer-service training workshop from a projected terminal."""

__version__ = "0.1.0"

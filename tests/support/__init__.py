"""Test doubles for things outside the process that tests must control, like time."""

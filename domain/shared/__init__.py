"""The shared kernel: money, ids, base errors and events that every context speaks."""

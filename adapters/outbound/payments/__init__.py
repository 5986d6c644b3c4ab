"""Payment processors: the sandbox shipped with hexashop (a real one plugs in here)."""

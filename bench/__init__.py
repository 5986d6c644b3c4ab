"""hexashop's benchmark harness: hexashop against the floor app, run with `python -m bench.run`."""

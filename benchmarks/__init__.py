"""Performance suite: `python -m benchmarks` (or `./dev bench`) prints each figure beside its target."""

"""Performance suite: `python -m benchmarks` (or `./dev bench`) prints figures beside targets."""

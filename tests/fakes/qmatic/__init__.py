"""The Qmatic stand-in: `server` (routes from the adapter's table), `diary` (state and times), `control`, `demo`."""

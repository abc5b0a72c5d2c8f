"""The Solv stand-in: `server` (routes from the adapter's table), `diary` (locations, slots, bookings), `demo`."""

"""The Cliniko stand-in: `server` (routes from the adapter's table), `filters`, `render`, `seeding`, `demo`."""

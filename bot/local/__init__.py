"""The offline demo: the console, a Slack Web API stand-in, and the loopback HTTP server under both."""

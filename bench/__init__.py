"""Development tools: benchmarks, the ten-year seed and the test SMTP server. Never shipped, never imported
by the portal (import-linter holds it); settings install the app only when PORTAL_DEV_TOOLS is true."""

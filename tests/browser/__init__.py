"""End-to-end tests: headless Chromium (Playwright) against pytest-django's live server."""

"""How every browser test starts Debian's Chromium (Playwright never downloads a browser)."""

#: Chromium switches for a quiet, headless, root-friendly run with no network of its own.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]

"""The browser test: a real Home Assistant driven through its frontend in headless Chromium."""

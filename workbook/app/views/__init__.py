"""The app's pages, one module each (docs/capture.md says what each offers)."""

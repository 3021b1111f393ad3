"""The office facade every interface calls (CLI now, HTTP server next)."""

"""The desk server (issue 15): one FastAPI app over the office facade. See README.md in
this folder for the seams (app factory, settings, auth dependencies, error mapping)."""

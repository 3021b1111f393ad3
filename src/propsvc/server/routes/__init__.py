"""The JSON API under ``/api/v1``, one module per family; each route parses its input,
calls the facade and renders the facade's answer in the CLI's ``--json`` shape."""

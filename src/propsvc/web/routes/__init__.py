"""The pages, one module per part of the desk; each route parses the request, calls the
facade and renders a template (``web.render.page``)."""

"""How things look to a user: view models from events, rich tables, JSON shapes."""

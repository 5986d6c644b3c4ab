"""The pure model of the shop: entities, value objects, events and errors (stdlib only)."""

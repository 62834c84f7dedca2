"""Channel notices from Zoom webhooks: parsing, routing, the durable outbox and its worker."""

"""HTTP routes; each request is one transaction (see deps.get_db)."""

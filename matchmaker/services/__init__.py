"""Business rules. Views, the API and the CLI call these; none of them write rules themselves."""

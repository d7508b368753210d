"""Organisation profiles: public page, editing, contact people, the organisation's users."""

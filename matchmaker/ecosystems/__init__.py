"""Business ecosystems: public pages and brochures, the coordinators' editing pages, and which
ecosystem fits a newcomer."""

"""One-to-one B2B meetings at events: participants, requests, agendas, coordinator tools."""

"""Events: cluster event lists, event pages with signup, coordinator tools, calendar feeds."""

"""Site administration: the mail outbox, users, clusters and their coordinators."""

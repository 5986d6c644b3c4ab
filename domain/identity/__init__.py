"""Identity: who a user is, how they prove it, and what role and standing they have."""

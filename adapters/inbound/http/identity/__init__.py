"""HTTP routes of the identity context: auth, the caller's profile, user admin, JWKS."""

"""The HTTP API: routes, request and response schemas, errors as RFC 9457 problems."""

"""Test support for the end-to-end tests: the real stack, direct FastCGI clients, the OpenAPI check."""

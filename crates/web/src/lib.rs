//! The HTTP edge: JSON API under /api/v1 with OpenAPI, and server-rendered pages.

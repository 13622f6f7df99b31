//! SCAFFOLD: the web UI's sharing pages through the router.

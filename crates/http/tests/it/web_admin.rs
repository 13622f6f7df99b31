//! SCAFFOLD: the web UI's admin pages through the router.

//! SCAFFOLD: the web UI's requests pages through the router.

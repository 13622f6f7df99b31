//! SCAFFOLD: the web UI's client pages through the router.

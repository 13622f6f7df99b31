//! casegate-e2e holds no library code: its tests (`tests/browser/`) start
//! casegate's HTTP service on a free port with a temporary SQLite database,
//! drive it with headless Chromium through `chromedriver`, walk the seed
//! articles as a person would and save a screenshot of every step under
//! `target/ui-screenshots/<test>/`.

# casegate web UI, client pages: en.

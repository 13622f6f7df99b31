# casegate web UI, client pages: da.

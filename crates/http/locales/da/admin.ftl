# casegate web UI, admin pages: da.

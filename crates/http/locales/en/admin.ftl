# casegate web UI, admin pages: en.

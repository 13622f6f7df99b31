# casegate web UI, sharing pages: en.

# casegate web UI, sharing pages: da.

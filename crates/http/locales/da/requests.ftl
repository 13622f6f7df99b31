# casegate web UI, requests pages: da.

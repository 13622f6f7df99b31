# casegate web UI, requests pages: en.

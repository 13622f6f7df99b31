# casegate web UI, requests pages: fr.

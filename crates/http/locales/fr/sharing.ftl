# casegate web UI, sharing pages: fr.

# casegate web UI, client pages: fr.

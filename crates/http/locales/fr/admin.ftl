# casegate web UI, admin pages: fr.

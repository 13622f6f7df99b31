# casegate web UI: names kept for what is gone (history, panels, logs). English.
name-deactivated = { $name } (deactivated)
name-deleted = { $name } (deleted)

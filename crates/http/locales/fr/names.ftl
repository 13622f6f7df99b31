# Interface web de casegate : noms conservés de ce qui n’existe plus (historique, panneaux, journaux). Français.
name-deactivated = { $name } (compte désactivé)
name-deleted = { $name } (supprimé)

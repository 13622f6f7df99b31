# casegates webbrugerflade: navne, der bevares for det, der ikke findes mere (historik, paneler, logge). Dansk.
name-deactivated = { $name } (deaktiveret)
name-deleted = { $name } (slettet)

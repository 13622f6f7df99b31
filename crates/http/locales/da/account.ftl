# Ens egen konto: invitationer, glemte adgangskoder, ændring af e-mailadresse.
link-used-title = Linket er allerede brugt
link-used-body = Hvert link virker kun én gang. Har du allerede valgt din adgangskode, så log ind; har du glemt den, så bed om et nyt link med »Glemt din adgangskode?« på login-siden.
link-expired-title = Linket er udløbet
link-expired-body = Linket er ikke længere gyldigt: det var for gammelt, eller der er sendt et nyere. Bed om et nyt link med »Glemt din adgangskode?« på login-siden, eller bed din administrator om at sende invitationen igen.

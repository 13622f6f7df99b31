# Ens egen konto: invitationer, glemte adgangskoder, ændring af e-mailadresse.
link-used-title = Linket er allerede brugt
link-used-body = Hvert link virker kun én gang. Har du allerede valgt din adgangskode, så log ind; har du glemt den, så bed om et nyt link med »Glemt din adgangskode?« på login-siden.
link-expired-title = Linket er udløbet
link-expired-body = Linket er ikke længere gyldigt: det var for gammelt, eller der er sendt et nyere. Bed om et nyt link med »Glemt din adgangskode?« på login-siden, eller bed din administrator om at sende invitationen igen.
link-unknown-title = Linket virker ikke
link-unknown-body = Linket er ufuldstændigt, eller det kommer ikke fra os. Kopiér hele linket fra e-mailen over i adresselinjen. Virker det stadig ikke, så bed om et nyt link med »Glemt din adgangskode?« på login-siden, eller bed din administrator om at sende invitationen igen.

## Sidehovedet og login-siden
account-title = Din konto
account-forgot-link = Glemt din adgangskode?
account-reset-done = Din adgangskode er ændret. Log ind med den nye.
account-signed-out-everywhere = Du er logget ud på alle enheder.

## Valg af adgangskode (invitation, nulstilling, kontosiden)
account-your-name = Dit navn
account-choose-password = Vælg en adgangskode
account-confirm-password = Gentag adgangskoden
account-password-rule = Mindst { $min } tegn, og ikke din e-mailadresse eller dit navn. Meget almindelige adgangskoder afvises: nogle få ord, du kan huske, giver en god adgangskode.
account-password-mismatch = De to adgangskoder er ikke ens. Skriv den samme adgangskode i begge felter.
account-to-sign-in = Gå til login
account-to-account = Gå til din konto

## Invitationen (AC1)
account-invitation-title = Velkommen til { $company }
account-invitation-intro = { $inviter } har inviteret dig til { $company } på casegate. Vælg en adgangskode for at logge ind.
account-invitation-intro-anonymous = Du er inviteret til { $company } på casegate. Vælg en adgangskode for at logge ind.
account-contact-invitation-title = Følg dine sager hos { $company }
account-contact-invitation-intro = { $inviter } fra { $company } har inviteret dig til at følge sager på casegate. Vælg en adgangskode for at logge ind og se dem.
account-contact-invitation-intro-anonymous = { $company } har inviteret dig til at følge sager på casegate. Vælg en adgangskode for at logge ind og se dem.
account-invitation-email-help = Det er denne adresse, du logger ind med.
account-invitation-submit = Gem adgangskoden og log ind
account-invitation-once = Linket virker én gang, indtil

## Glemt adgangskode (AC2)
account-forgot-title = Glemt din adgangskode?
account-forgot-intro = Skriv den e-mailadresse, du logger ind med. Så sender vi dig et link, hvor du kan vælge en ny adgangskode.
account-forgot-submit = Send linket
account-back-to-sign-in = Tilbage til login
account-reset-sent-title = Tjek din e-mail
account-reset-sent-body = Hvis der findes en konto med den adresse, har vi sendt den et link, der gælder i en time. Kommer der ikke noget inden for et par minutter, så kig i din spammappe, eller bed om et nyt.
account-reset-title = Vælg en ny adgangskode
account-reset-intro = Vælg den adgangskode, du vil logge ind med fremover. Alle enheder, der er logget ind på din konto, bliver logget ud.
account-reset-submit = Gem den nye adgangskode

## Kontosiden (AC3, C7)
account-profile-title = Profil
account-language-save = Gem sprog
account-password-title = Adgangskode
account-current-password = Nuværende adgangskode
account-new-password = Ny adgangskode
account-confirm-new-password = Gentag den nye adgangskode
account-password-others-end = Alle andre enheder, der er logget ind på din konto, bliver logget ud; denne forbliver logget ind.
account-password-submit = Skift adgangskode
account-password-changed = Din adgangskode er ændret. Alle dine andre enheder er logget ud.
account-email-title = E-mailadresse
account-email-intro = Vil du logge ind med en anden adresse, så skriv den her. Vi sender et link til den, og din adresse ændres først, når du bruger linket.
account-new-email = Ny e-mailadresse
account-email-submit = Send bekræftelseslinket
account-email-sent = Vi har sendt et link til { $email }; din e-mailadresse ændres, når du bruger det. Din nuværende adresse har fået besked.
account-sessions-title = Log ud overalt
account-sessions-intro = Har du mistet en telefon eller været logget ind på en fælles computer? Her afsluttes alle din kontos sessioner, også denne.
account-sessions-submit = Log ud overalt
account-email-confirm-title = Bekræft din nye e-mailadresse
account-email-confirm-intro = Bekræft, at du fremover logger ind med { $email }.
account-email-confirm-submit = Bekræft min nye adresse
account-email-changed-title = Din e-mailadresse er ændret
account-email-changed-body = Din e-mailadresse er nu { $email }. Brug den, når du logger ind fremover.

## Medarbejdersiderne (AC1)
account-staff-invited = Invitation sendt — endnu ikke accepteret
account-staff-invited-explain = { $email } har endnu ikke valgt en adgangskode. Sender du invitationen igen, får vedkommende et nyt link, og det tidligere holder op med at virke.
account-staff-invite-again = Send invitationen igen
account-staff-invitation-sent = Invitationen er sendt igen til { $email }; det tidligere link virker ikke længere.
account-timezone = Tidszone
account-timezone-company = Virksomhedens ({ $zone })
account-timezone-save = Gem tidszone
account-timezone-saved = Din tidszone er gemt: alle datoer vises nu i den.

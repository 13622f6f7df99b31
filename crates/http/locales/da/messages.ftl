# Det, appen svarer, når den afviser noget (casegate_app::Message). Ordene
# følger docs/glossary.md.

## Indtastning
app-empty = Feltet må ikke være tomt.
app-too-long = Brug højst { $max } tegn.
app-control-characters = Fjern kontroltegnene (som linjeskift eller tabulatorer): de kan ikke vises.
app-control-characters-long = Fjern kontroltegnene: kun linjeskift og tabulatorer er tilladt her.
app-email-invalid = Skriv en e-mailadresse som navn@eksempel.dk.
app-tags-too-many = En klient har højst { $max } mærker.
app-tag-length = Hvert mærke har 1 til { $max } tegn.
app-cursor-invalid = Dette sidelink gælder ikke længere: begynd forfra på første side.
app-timezone-invalid = Brug et tidszonenavn fra IANA-databasen, fx Europe/Copenhagen.
app-boolean-invalid = Skriv true eller false.
app-negative = Værdien må ikke være negativ.
app-currency-invalid = Brug en valutakode på tre bogstaver, fx DKK eller EUR.
app-payments-only = Kun en betaling har et beløb og en valuta.
app-payment-amount-missing = En betaling skal have et beløb.
app-payment-currency-missing = En betaling skal have en valuta.
app-file-name-required = Filen skal have et navn.
app-file-too-large = Et dokument må højst fylde { $megabytes } MB.
app-request-detail = { $detail }
app-smtp-url-invalid = Denne SMTP-adresse kan ikke bruges: { $detail }

## Adgangskoder (AC3)
app-password-too-short = Brug mindst { $min } tegn: nogle få ord, du kan huske, giver en god adgangskode.
app-password-too-long = Brug højst { $max } tegn.
app-password-is-email = Vælg noget andet end din e-mailadresse.
app-password-is-name = Vælg noget andet end dit navn.
app-password-common = Denne adgangskode er blandt de mest brugte, så den bliver gættet først. Vælg en anden.
app-current-password-wrong = Det er ikke din nuværende adgangskode.

## Konti og medarbejdere
app-email-same = Det er allerede din e-mailadresse.
app-email-taken = E-mailadressen { $email } er allerede i brug.
app-email-taken-since = Adressen tilhører nu en anden konto: bed om ændringen igen med en anden adresse.
app-already-exists = Det findes allerede.
app-invite-deactivated = Medarbejderen er deaktiveret: aktivér vedkommende igen først.
app-invite-has-password = Medarbejderen har allerede valgt en adgangskode, så der er ingen invitation at sende.
app-one-primary-admin = En virksomhed har præcis én primær administrator.
app-primary-admin-account = Kun den primære administrator kan ændre den primære administrators konto.
app-primary-admin-role = Rollen som primær administrator ændres ikke her: der er præcis én pr. virksomhed, og den primære administrator giver den videre på siden med virksomhedens indstillinger.
app-primary-admin-active = Den primære administrator kan ikke deaktiveres.
app-primary-admin-handover-forbidden = Kun den primære administrator kan give rollen videre.
app-already-primary-admin = Du er allerede den primære administrator.
app-primary-admin-inactive = Den nye primære administrator skal være en aktiv medarbejder.
app-role-forbidden = Du må ikke ændre denne medarbejders rolle.
app-successor-needs-deactivation = En efterfølger vælges kun, når nogen deaktiveres. Brug „Overdrag til en efterfølger“ på vedkommendes side for at overdrage uden at deaktivere.
app-successor-self = Efterfølgeren skal være en anden.
app-successor-inactive = Efterfølgeren skal være en aktiv medarbejder.
app-handover-forbidden = Kun administratorer og medarbejderen selv kan overdrage medarbejderens klienter (den primære administrators kun den primære administrator).
app-work-as-forbidden = Du må ikke arbejde som denne medarbejder.
app-others-access-forbidden = { $what ->
    [check] Kun administratorer kan tjekke andres adgang.
   *[list] Kun administratorer kan se andres adgang.
}

## Rettigheder
app-forbidden = Det må du ikke.
app-admins-only = Kun administratorer kan konfigurere medarbejdere, grupper og indstillinger.
app-settings-forbidden = Din rolle må ikke ændre virksomhedens indstillinger.
app-tags-forbidden = Du må ikke ændre en klients mærker.
app-marketing-forbidden = Du må ikke ændre en klients markedsføringssamtykke.
app-restrict-forbidden = Kun administratorer og ledere kan begrænse en klient.
app-delete-client-forbidden = Kun klientens ejer og administratorer kan slette den.
app-view-log-forbidden = Kun klientens ejer og administratorer kan se, hvem der har åbnet den.
app-documents-off = Dokumenter er slået fra for dig.
app-packages-off = Pakker er slået fra for dig.
app-activity-kind-forbidden = { $kind ->
    [conversation] Du må ikke registrere eller ændre samtaler for denne medarbejder.
    [appointment] Du må ikke registrere eller ændre aftaler for denne medarbejder.
    [payment] Du må ikke registrere eller ændre betalinger for denne medarbejder.
   *[document] Du må ikke registrere eller ændre dokumenter for denne medarbejder.
}
app-export-forbidden = Eksport af klienter kræver ret til at redigere dem.
app-import-forbidden = Import af klienter kræver ret til at redigere dem.
app-bulk-forbidden = Ændring af flere klienter på én gang kræver ret til at redigere dem.

## Klienter og deling
app-owner-inactive = Ejeren skal være en aktiv medarbejder.
app-new-owner-inactive = Den nye ejer skal være en aktiv medarbejder.
app-assignee-inactive = Vælg en aktiv medarbejder.
app-share-forbidden = Du må ikke dele denne klient eller fjerne dens delinger.
app-transfer-forbidden = Kun klientens ejer og administratorer kan overdrage ejerskabet.
app-owner-not-removable = Ejeren beholder adgangen: overdrag ejerskabet først.
app-notify-company = Deling med hele virksomheden sender ingen e-mail: kun personer og grupper får besked.
app-message-needs-notify = Beskeden sendes kun via e-mail: sæt flueben i „Giv besked via e-mail“ for at sende den.
app-group-name-taken = Der findes allerede en gruppe ved navn { $name }.
app-bulk-too-many = Vælg højst { $max } klienter ad gangen.
app-bulk-tags-full = { $count ->
    [one] Én klient har allerede { $max } mærker: { $names }.
   *[other] { $count } klienter har allerede { $max } mærker: { $names }.
}

## Anmodninger om adgang
app-request-has-access = Du har allerede adgang til denne klient.
app-request-unmanaged = Klientadgang styres ikke i denne virksomhed, så der er intet at anmode om.
app-cancel-forbidden = Kun den, der har anmodet, kan annullere en anmodning.
app-decide-forbidden = Du må ikke afgøre anmodninger om denne klient.
app-request-expired = Anmodningen udløb { $at }.
app-request-decided-by = { $status ->
    [approved] { $name } har allerede godkendt anmodningen { $at }.
    [denied] { $name } har allerede afvist anmodningen { $at }.
   *[other] Anmodningen blev allerede annulleret { $at }.
}
app-request-decided = { $status ->
    [approved] Anmodningen er allerede godkendt.
    [denied] Anmodningen er allerede afvist.
   *[other] Anmodningen er allerede annulleret.
}

## Import
app-import-too-large = En import må højst fylde { $megabytes } MB.
app-import-too-many-rows = En import må højst have { $max } rækker.
app-import-owner-deactivated = En ejer blev deaktiveret under importen, så intet blev importeret. Prøv igen.
app-import-owner-unknown = Der er ingen aktiv medarbejder med adressen { $email } i denne virksomhed.
app-import-empty = Filen er tom: første linje skal navngive kolonnerne.
app-import-header-unreadable = Første linje kan ikke læses: { $detail }
app-import-line-unreadable = Linjen kan ikke læses: { $detail }
app-import-line-refused = Linjen blev afvist: { $detail }
app-import-cells = { $expected ->
    [one] Første linje navngiver én kolonne, men denne linje har { $found } celler.
   *[other] Første linje navngiver { $expected } kolonner, men denne linje har { $found } celler.
}
app-import-not-utf8 = Linjen er ikke gyldig UTF-8: gem filen som „CSV UTF-8“.
app-import-column-twice = Kolonnen { $column } forekommer to gange.
app-import-column-unknown = Kolonnen { $column } kendes ikke. Kolonnerne er: { $columns }.
app-import-name-required = Kolonnen name er påkrævet.
app-work-as-elsewhere = Man kan kun arbejde som en anden ved aktiviteter.
app-entity-name-taken = Der findes allerede en enhed ved navn { $name }.
app-entity-unknown = Der findes ingen sådan enhed i denne virksomhed.
app-entity-not-on-file = Denne enhed deltager ikke i denne klient: tilføj den først til klienten.
app-entity-self-managed = Denne enhed styrer selv sine folk: kun dens teamledere tilføjer dens kontakter.
app-contact-domain = Adressen skal være i et af enhedens e-maildomæner: { $domains }.
app-contact-is-staff = Denne person er ansat i denne virksomhed: del klienten med vedkommende i stedet.
app-domains-too-many = Angiv højst { $max } e-maildomæner.
app-domain-invalid = { $domain } er ikke et e-maildomæne (som bank.example).
app-staff-only = Dette er for virksomhedens ansatte: dine sager ligger på dit skrivebord.
app-desk-only = Skrivebordet er for eksterne kontakter: ansatte bruger virksomhedens sider.
app-entity-not-yours = Du repræsenterer ikke denne enhed på sagen.
app-entity-choose = Du følger sagen for flere enheder: vælg den, kollegaen skal høre til.
app-team-manager-only = Kun enhedens teamledere kan gøre dette.
app-handover-self = Din efterfølger skal være en anden person.

# Ce que l’App répond quand elle refuse (casegate_app::Message). Les mots
# suivent docs/glossary.md.

## Saisie
app-empty = Ce champ ne peut pas être vide.
app-too-long = Utilisez au plus { $max } caractères.
app-control-characters = Retirez les caractères de contrôle (sauts de ligne, tabulations…) : ils ne peuvent pas être affichés.
app-control-characters-long = Retirez les caractères de contrôle : seuls les sauts de ligne et les tabulations sont permis ici.
app-email-invalid = Saisissez une adresse e-mail de la forme nom@exemple.fr.
app-tags-too-many = Un client a au plus { $max } étiquettes.
app-tag-length = Chaque étiquette compte de 1 à { $max } caractères.
app-cursor-invalid = Ce lien de page n’est plus valable : recommencez depuis la première page.
app-timezone-invalid = Utilisez un nom de fuseau horaire de la base IANA, par exemple Europe/Paris.
app-boolean-invalid = Écrivez true ou false.
app-negative = Cette valeur ne peut pas être négative.
app-currency-invalid = Utilisez un code de devise à trois lettres, par exemple EUR ou DKK.
app-payments-only = Seul un paiement a un montant et une devise.
app-payment-amount-missing = Un paiement doit avoir un montant.
app-payment-currency-missing = Un paiement doit avoir une devise.
app-file-name-required = Le fichier doit avoir un nom.
app-file-too-large = Un document fait au plus { $megabytes } Mo.
app-request-detail = { $detail }
app-smtp-url-invalid = Cette adresse SMTP n’est pas utilisable : { $detail }

## Mots de passe (AC3)
app-password-too-short = Utilisez au moins { $min } caractères : quelques mots faciles à retenir font un bon mot de passe.
app-password-too-long = Utilisez au plus { $max } caractères.
app-password-is-email = Choisissez autre chose que votre adresse e-mail.
app-password-is-name = Choisissez autre chose que votre nom.
app-password-common = Ce mot de passe fait partie des plus utilisés, c’est donc l’un des premiers essayés. Choisissez-en un autre.
app-current-password-wrong = Ce n’est pas votre mot de passe actuel.

## Comptes et personnel
app-email-same = C’est déjà votre adresse e-mail.
app-email-taken = L’adresse e-mail { $email } est déjà utilisée.
app-email-taken-since = Cette adresse appartient désormais à un autre compte : demandez le changement avec une autre adresse.
app-already-exists = Cet élément existe déjà.
app-invite-deactivated = Ce membre du personnel est désactivé : réactivez-le d’abord.
app-invite-has-password = Ce membre du personnel a déjà choisi un mot de passe : il n’y a pas d’invitation à envoyer.
app-one-primary-admin = Une entreprise a exactement un administrateur principal.
app-primary-admin-account = Seul l’administrateur principal peut modifier son propre compte.
app-primary-admin-role = Le rôle d’administrateur principal ne se change pas ici : il y en a exactement un par entreprise, et il le transmet depuis la page des paramètres de l’entreprise.
app-primary-admin-active = L’administrateur principal ne peut pas être désactivé.
app-primary-admin-handover-forbidden = Seul l’administrateur principal peut transmettre ce rôle.
app-already-primary-admin = Vous êtes déjà l’administrateur principal.
app-primary-admin-inactive = Le nouvel administrateur principal doit être un membre actif du personnel.
app-role-forbidden = Vous ne pouvez pas changer le rôle de ce membre du personnel.
app-successor-needs-deactivation = On ne choisit qui prend le relais qu’en désactivant un compte. Pour transmettre des clients sans désactiver, utilisez « Passer le relais » sur sa page.
app-successor-self = La personne qui prend le relais doit être quelqu’un d’autre.
app-successor-inactive = La personne qui prend le relais doit être un membre actif du personnel.
app-handover-forbidden = Seuls les administrateurs et la personne elle-même peuvent transmettre ses clients (ceux de l’administrateur principal, lui seul).
app-work-as-forbidden = Vous ne pouvez pas travailler en tant que ce membre du personnel.
app-others-access-forbidden = { $what ->
    [check] Seuls les administrateurs peuvent vérifier les accès d’autres personnes.
   *[list] Seuls les administrateurs peuvent lister les accès d’autres personnes.
}

## Droits
app-forbidden = Vous ne pouvez pas faire cela.
app-admins-only = Seuls les administrateurs peuvent configurer le personnel, les groupes et les paramètres.
app-settings-forbidden = Votre rôle ne permet pas de modifier les paramètres de l’entreprise.
app-tags-forbidden = Vous ne pouvez pas modifier les étiquettes d’un client.
app-marketing-forbidden = Vous ne pouvez pas modifier le consentement marketing d’un client.
app-restrict-forbidden = Seuls les administrateurs et les responsables peuvent restreindre un client.
app-delete-client-forbidden = Seuls le propriétaire du client et les administrateurs peuvent le supprimer.
app-view-log-forbidden = Seuls le propriétaire du client et les administrateurs peuvent voir qui l’a ouvert.
app-documents-off = Les documents sont désactivés pour vous.
app-packages-off = Les forfaits sont désactivés pour vous.
app-activity-kind-forbidden = { $kind ->
    [conversation] Vous ne pouvez pas enregistrer ni modifier de conversations pour ce membre du personnel.
    [appointment] Vous ne pouvez pas enregistrer ni modifier de rendez-vous pour ce membre du personnel.
    [payment] Vous ne pouvez pas enregistrer ni modifier de paiements pour ce membre du personnel.
   *[document] Vous ne pouvez pas enregistrer ni modifier de documents pour ce membre du personnel.
}
app-export-forbidden = Exporter des clients demande le droit de les modifier.
app-import-forbidden = Importer des clients demande le droit de les modifier.
app-bulk-forbidden = Modifier plusieurs clients à la fois demande le droit de les modifier.

## Clients et partage
app-owner-inactive = Le propriétaire doit être un membre actif du personnel.
app-new-owner-inactive = Le nouveau propriétaire doit être un membre actif du personnel.
app-assignee-inactive = Choisissez un membre actif du personnel.
app-share-forbidden = Vous ne pouvez pas partager ce client ni retirer ses partages.
app-transfer-forbidden = Seuls le propriétaire du client et les administrateurs peuvent en transférer la propriété.
app-owner-not-removable = Le propriétaire garde l’accès : transférez d’abord la propriété.
app-notify-company = Le partage avec toute l’entreprise n’envoie pas d’e-mail : seules les personnes et les groupes sont prévenus.
app-message-needs-notify = Le message n’est envoyé que par e-mail : cochez « Prévenir par e-mail » pour l’envoyer.
app-group-name-taken = Un groupe nommé { $name } existe déjà.
app-bulk-too-many = Choisissez au plus { $max } clients à la fois.
app-bulk-tags-full = { $count ->
    [one] Un client a déjà { $max } étiquettes : { $names }.
   *[other] { $count } clients ont déjà { $max } étiquettes : { $names }.
}

## Demandes d’accès
app-request-has-access = Vous avez déjà accès à ce client.
app-request-unmanaged = L’accès client n’est pas géré dans cette entreprise : il n’y a rien à demander.
app-cancel-forbidden = Seule la personne qui a fait la demande peut l’annuler.
app-decide-forbidden = Vous ne pouvez pas traiter les demandes pour ce client.
app-request-expired = Cette demande a expiré le { $at }.
app-request-decided-by = { $status ->
    [approved] { $name } a déjà accepté cette demande le { $at }.
    [denied] { $name } a déjà refusé cette demande le { $at }.
   *[other] Cette demande a déjà été annulée le { $at }.
}
app-request-decided = { $status ->
    [approved] Cette demande a déjà été acceptée.
    [denied] Cette demande a déjà été refusée.
   *[other] Cette demande a déjà été annulée.
}

## Import
app-import-too-large = Un import fait au plus { $megabytes } Mo.
app-import-too-many-rows = Un import compte au plus { $max } lignes.
app-import-owner-deactivated = Un propriétaire a été désactivé pendant l’import : rien n’a été importé. Réessayez.
app-import-owner-unknown = Aucun membre actif du personnel n’a l’adresse { $email } dans cette entreprise.
app-import-empty = Le fichier est vide : la première ligne doit nommer les colonnes.
app-import-header-unreadable = La première ligne ne peut pas être lue : { $detail }
app-import-line-unreadable = Cette ligne ne peut pas être lue : { $detail }
app-import-line-refused = Cette ligne a été refusée : { $detail }
app-import-cells = { $expected ->
    [one] La première ligne nomme une colonne, mais cette ligne a { $found } cellules.
   *[other] La première ligne nomme { $expected } colonnes, mais cette ligne a { $found } cellules.
}
app-import-not-utf8 = Cette ligne n’est pas en UTF-8 : enregistrez le fichier au format « CSV UTF-8 ».
app-import-column-twice = La colonne { $column } apparaît deux fois.
app-import-column-unknown = La colonne { $column } est inconnue. Les colonnes sont : { $columns }.
app-import-name-required = La colonne name est obligatoire.
app-work-as-elsewhere = Travailler en tant qu’un autre n’est possible que pour les activités.
app-entity-name-taken = Une entité nommée { $name } existe déjà.
app-entity-unknown = Cette entité n’existe pas dans cette société.
app-entity-not-on-file = Cette entité ne participe pas à ce dossier : ajoutez-la d’abord au dossier.
app-entity-self-managed = Cette entité gère elle-même ses membres : seuls ses chefs d’équipe ajoutent ses contacts.
app-contact-domain = L’adresse doit appartenir à l’un des domaines de messagerie de cette entité : { $domains }.
app-contact-is-staff = Cette personne fait partie du personnel de cette société : partagez plutôt le dossier avec elle.
app-domains-too-many = Indiquez au plus { $max } domaines de messagerie.
app-domain-invalid = { $domain } n’est pas un domaine de messagerie (comme banque.example).
app-staff-only = Ceci est réservé au personnel de la société : vos dossiers sont sur votre espace.
app-desk-only = L’espace des contacts externes n’est pas pour le personnel : utilisez les pages de la société.
app-entity-not-yours = Vous ne représentez pas cette entité sur ce dossier.
app-entity-choose = Vous suivez ce dossier pour plusieurs entités : choisissez celle que le collègue rejoint.
app-team-manager-only = Seuls les chefs d’équipe de l’entité peuvent faire cela.
app-handover-self = Votre successeur doit être une autre personne.

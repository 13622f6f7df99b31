# Le compte de chacun : invitations, mots de passe oubliés, changement d’adresse e-mail.
link-used-title = Ce lien a déjà été utilisé
link-used-body = Chaque lien ne sert qu’une fois. Si vous avez déjà choisi votre mot de passe, connectez-vous ; si vous l’avez oublié, demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion.
link-expired-title = Ce lien a expiré
link-expired-body = Ce lien n’est plus valable : il était trop ancien, ou un lien plus récent a été envoyé. Demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion, ou demandez à votre administrateur de vous renvoyer l’invitation.
link-unknown-title = Ce lien ne fonctionne pas
link-unknown-body = Le lien est incomplet, ou il ne vient pas de nous. Copiez le lien entier depuis l’e-mail dans la barre d’adresse. S’il ne fonctionne toujours pas, demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion, ou demandez à votre administrateur de vous renvoyer l’invitation.

## L’en-tête et la page de connexion
account-title = Votre compte
account-forgot-link = Mot de passe oublié ?
account-reset-done = Votre mot de passe a été modifié. Connectez-vous avec le nouveau.
account-signed-out-everywhere = Vous êtes déconnecté(e) sur tous vos appareils.

## Choisir un mot de passe (invitation, réinitialisation, page du compte)
account-your-name = Votre nom
account-choose-password = Choisissez un mot de passe
account-confirm-password = Confirmez le mot de passe
account-password-rule = Au moins { $min } caractères, différent de votre adresse e-mail et de votre nom. Les mots de passe trop courants sont refusés : quelques mots faciles à retenir font un bon mot de passe.
account-password-mismatch = Les deux mots de passe ne sont pas identiques. Saisissez le même dans les deux champs.
account-to-sign-in = Aller à la page de connexion
account-to-account = Aller à votre compte

## L’invitation (AC1)
account-invitation-title = Rejoindre { $company }
account-invitation-intro = { $inviter } vous invite à rejoindre { $company } sur casegate. Choisissez un mot de passe pour vous connecter.
account-invitation-intro-anonymous = Vous êtes invité(e) à rejoindre { $company } sur casegate. Choisissez un mot de passe pour vous connecter.
account-contact-invitation-title = Suivre vos dossiers chez { $company }
account-contact-invitation-intro = { $inviter } ({ $company }) vous invite à suivre des dossiers sur casegate. Choisissez un mot de passe pour vous connecter et les consulter.
account-contact-invitation-intro-anonymous = { $company } vous invite à suivre des dossiers sur casegate. Choisissez un mot de passe pour vous connecter et les consulter.
account-invitation-email-help = C’est avec cette adresse que vous vous connecterez.
account-invitation-submit = Rejoindre et se connecter
account-invitation-once = Ce lien ne sert qu’une fois, jusqu’au

## Mot de passe oublié (AC2)
account-forgot-title = Mot de passe oublié ?
account-forgot-intro = Saisissez l’adresse e-mail avec laquelle vous vous connectez. Nous vous enverrons un lien pour choisir un nouveau mot de passe.
account-forgot-submit = Envoyer le lien
account-back-to-sign-in = Retour à la connexion
account-reset-sent-title = Consultez vos e-mails
account-reset-sent-body = Si un compte existe pour cette adresse, nous lui avons envoyé un lien valable une heure. Si rien n’arrive d’ici quelques minutes, regardez dans vos courriers indésirables ou refaites la demande.
account-reset-title = Choisissez un nouveau mot de passe
account-reset-intro = Choisissez le mot de passe avec lequel vous vous connecterez désormais. Tous les appareils connectés à votre compte seront déconnectés.
account-reset-submit = Enregistrer le nouveau mot de passe

## La page du compte (AC3, C7)
account-profile-title = Profil
account-language-save = Enregistrer la langue
account-password-title = Mot de passe
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe
account-confirm-new-password = Confirmez le nouveau mot de passe
account-password-others-end = Les autres appareils connectés à votre compte seront déconnectés ; celui-ci reste connecté.
account-password-submit = Changer le mot de passe
account-password-changed = Votre mot de passe a été modifié. Vos autres appareils ont été déconnectés.
account-email-title = Adresse e-mail
account-email-intro = Pour vous connecter avec une autre adresse, saisissez-la ici. Nous y envoyons un lien, et votre adresse ne change que lorsque vous l’utilisez.
account-new-email = Nouvelle adresse e-mail
account-email-submit = Envoyer le lien de confirmation
account-email-sent = Nous avons envoyé un lien à { $email } ; votre adresse changera quand vous l’utiliserez. Un message d’information est parti à votre adresse actuelle.
account-sessions-title = Se déconnecter partout
account-sessions-intro = Téléphone perdu, ou connexion sur un ordinateur partagé ? Ceci met fin à toutes les sessions de votre compte, y compris celle-ci.
account-sessions-submit = Se déconnecter partout
account-email-confirm-title = Confirmez votre nouvelle adresse e-mail
account-email-confirm-intro = Confirmez que { $email } devient l’adresse avec laquelle vous vous connectez.
account-email-confirm-submit = Confirmer ma nouvelle adresse
account-email-changed-title = Votre adresse e-mail a été modifiée
account-email-changed-body = Votre adresse e-mail est désormais { $email }. Utilisez-la pour vous connecter.

## Les pages du personnel (AC1)
account-staff-invited = Invitation envoyée — pas encore acceptée
account-staff-invited-explain = { $email } n’a pas encore choisi de mot de passe. Renvoyer l’invitation envoie un nouveau lien par e-mail ; le lien précédent cesse de fonctionner.
account-staff-invite-again = Renvoyer l’invitation
account-staff-invitation-sent = Invitation renvoyée à { $email } ; le lien précédent ne fonctionne plus.
account-timezone = Fuseau horaire
account-timezone-company = Celui de l’entreprise ({ $zone })
account-timezone-save = Enregistrer le fuseau horaire
account-timezone-saved = Votre fuseau horaire est enregistré : toutes les dates s’affichent désormais dans ce fuseau.

# Le compte de chacun : invitations, mots de passe oubliés, changement d'adresse e-mail.
link-used-title = Ce lien a déjà été utilisé
link-used-body = Chaque lien ne sert qu'une fois. Si vous avez déjà choisi votre mot de passe, connectez-vous ; si vous l'avez oublié, demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion.
link-expired-title = Ce lien a expiré
link-expired-body = Ce lien n'est plus valable : il était trop ancien, ou un lien plus récent a été envoyé. Demandez un nouveau lien avec « Mot de passe oublié ? » sur la page de connexion, ou demandez à votre administrateur de vous renvoyer l'invitation.

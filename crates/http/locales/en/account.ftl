# A person's own account: invitations, forgotten passwords, email changes.
link-used-title = This link was used already
link-used-body = Each link works once. If you have chosen your password, sign in; if you forgot it, ask for a new link with “Forgot your password?” on the sign-in page.
link-expired-title = This link has expired
link-expired-body = The link is no longer valid: it was too old, or a newer one was sent. Ask for a new link with “Forgot your password?” on the sign-in page, or ask your administrator to send the invitation again.

# A person's own account: invitations, forgotten passwords, email changes.
link-used-title = This link was used already
link-used-body = Each link works once. If you have chosen your password, sign in; if you forgot it, ask for a new link with “Forgot your password?” on the sign-in page.
link-expired-title = This link has expired
link-expired-body = The link is no longer valid: it was too old, or a newer one was sent. Ask for a new link with “Forgot your password?” on the sign-in page, or ask your administrator to send the invitation again.
link-unknown-title = This link does not work
link-unknown-body = The link is incomplete, or it is not one of ours. Copy the whole link from the email into the address bar. If it still does not work, ask for a new link with “Forgot your password?” on the sign-in page, or ask your administrator to send the invitation again.

## The header and the sign-in page
account-title = Your account
account-forgot-link = Forgot your password?
account-reset-done = Your password was changed. Sign in with the new one.
account-signed-out-everywhere = You are signed out on every device.

## Choosing a password (the invitation, the reset, the account page)
account-your-name = Your name
account-choose-password = Choose a password
account-confirm-password = Type the password again
account-password-rule = At least { $min } characters, and not your email address or your name. Very common passwords are refused: a few words you will remember make a good password.
account-password-mismatch = The two passwords are not the same. Type the same password in both fields.
account-to-sign-in = Go to sign-in
account-to-account = Go to your account

## The invitation (AC1)
account-invitation-title = Join { $company }
account-invitation-intro = { $inviter } invited you to { $company } on casegate. Choose a password to sign in.
account-invitation-intro-anonymous = You are invited to { $company } on casegate. Choose a password to sign in.
account-contact-invitation-title = Follow your files at { $company }
account-contact-invitation-intro = { $inviter } of { $company } invited you to follow files on casegate. Choose a password to sign in and see them.
account-contact-invitation-intro-anonymous = { $company } invited you to follow files on casegate. Choose a password to sign in and see them.
account-invitation-email-help = This is the address you sign in with.
account-invitation-submit = Join and sign in
account-invitation-once = This link works once, until

## A forgotten password (AC2)
account-forgot-title = Forgot your password?
account-forgot-intro = Enter the email address you sign in with. We will send you a link to choose a new password.
account-forgot-submit = Send the link
account-back-to-sign-in = Back to sign-in
account-reset-sent-title = Check your email
account-reset-sent-body = If an account exists for that address, we have sent it a link valid for one hour. If nothing arrives within a few minutes, look in your spam folder or ask again.
account-reset-title = Choose a new password
account-reset-intro = Choose the password you will sign in with from now on. Every device signed in to your account will be signed out.
account-reset-submit = Save the new password

## The account page (AC3, C7)
account-profile-title = Profile
account-language-save = Save language
account-password-title = Password
account-current-password = Current password
account-new-password = New password
account-confirm-new-password = Type the new password again
account-password-others-end = Every other device signed in to your account will be signed out; this one stays signed in.
account-password-submit = Change password
account-password-changed = Your password was changed. Every other device was signed out.
account-email-title = Email address
account-email-intro = To sign in with another address, enter it here. We send a link to it, and your address changes only when you use that link.
account-new-email = New email address
account-email-submit = Send the confirmation link
account-email-sent = We sent a link to { $email }; your email changes when you use it. A notice went to your current address.
account-sessions-title = Sign out everywhere
account-sessions-intro = Lost a phone, or signed in on a shared computer? This ends every session of your account, this one included.
account-sessions-submit = Sign out everywhere
account-email-confirm-title = Confirm your new email address
account-email-confirm-intro = Confirm that { $email } becomes the address you sign in with.
account-email-confirm-submit = Confirm my new address
account-email-changed-title = Your email address was changed
account-email-changed-body = Your email is now { $email }. Use it to sign in from now on.

## The staff pages (AC1)
account-staff-invited = Invitation sent — not accepted yet
account-staff-invited-explain = { $email } has not chosen a password yet. Sending the invitation again emails a new link; the earlier link stops working.
account-staff-invite-again = Send the invitation again
account-staff-invitation-sent = Invitation sent again to { $email }; the earlier link no longer works.
account-timezone = Time zone
account-timezone-company = The company’s ({ $zone })
account-timezone-save = Save time zone
account-timezone-saved = Your time zone was saved: every date is now shown in it.

//! The walks.

use casegate_app::{Acting, NewActivity, PermissionsPatch, SettingsPatch, UserPatch};
use casegate_core::{ActivityKind, Language, Role, Subject, View};

use crate::harness::{Walk, walk};

/// A12–A14 and A17 as a plain user: the locked client in the list, the
/// requester's view, a request with a message; then the sign-in page and a
/// locked client in Danish.
#[tokio::test]
async fn a12_a14_a_locked_client_is_requested_in_the_browser() {
    walk("a12_a14_locked_request", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        w.app
            .update_settings(
                &ada,
                SettingsPatch {
                    client_access_enabled: Some(true),
                    allow_access_requests: Some(true),
                    ..SettingsPatch::default()
                },
            )
            .await
            .unwrap();
        w.client(&ada, "Acme Open", "open@example.test").await;
        let initech = w.client(&ada, "Initech", "ceo@initech.test").await;
        w.app.revoke(&ada, initech, Subject::Company).await.unwrap();

        w.go("/login").await;
        w.shot("sign-in").await;
        w.sign_in("bob@acme.test").await;
        assert_eq!(w.path().await, "/clients");
        w.shot("clients").await;
        let locked = w.text("li.locked").await;
        assert!(locked.contains("Initech"), "{locked}");

        w.click("li.locked a").await;
        w.shot("locked-client").await;
        let text = w.page_text().await;
        assert!(text.contains("Ada Admin"), "the owner is named: {text}");
        assert!(!text.contains("ceo@initech.test"), "no fields: {text}");

        w.fill("#message", "I am covering the audit this week.")
            .await;
        w.click("form[action$='/request'] button[type=submit]")
            .await;
        w.shot("requested").await;
        assert!(w.has("[role=status]").await);

        let pending = w
            .app
            .access_requests(&ada, Default::default(), None, 50)
            .await
            .unwrap()
            .items;
        assert_eq!(pending.len(), 1);
        assert_eq!(
            pending[0].request.message.as_deref(),
            Some("I am covering the audit this week.")
        );
        w
    })
    .await;
}

/// X7 before sign-in: the language links, then a Danish user's pages.
#[tokio::test]
async fn x7_sign_in_and_the_client_list_in_danish() {
    walk("x7_danish", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person_in(
            &ada,
            "mette@acme.test",
            "Mette Madsen",
            Role::User,
            Language::Da,
        )
        .await;
        w.client(&ada, "Nordisk Revision", "post@nordisk.test")
            .await;
        w.go("/login").await;
        w.click("a[href='/login?lang=da']").await;
        w.shot("login-da").await;
        assert_eq!(w.text("h1").await, "Log ind");
        w.sign_in("mette@acme.test").await;
        w.shot("clients-da").await;
        assert!(w.page_text().await.contains("Nordisk Revision"));
        assert_eq!(
            w.driver
                .find(thirtyfour::By::Css("html"))
                .await
                .unwrap()
                .attr("lang")
                .await
                .unwrap()
                .as_deref(),
            Some("da")
        );
        w.sign_out().await;
        assert_eq!(w.text("h1").await, "Log ind", "the chosen language stays");
        w
    })
    .await;
}

/// The seed articles' story, in `lang`: the admin turns client access on
/// with both advanced options (A1–A4), creates a group with a member,
/// restricts a client and shares it with the group (A19, A13); another user
/// sees it locked, asks with a message (A12, A14); the owner approves from
/// the inbox (A16); the requester opens it; the admin deletes the group
/// after seeing the impact (A20), and the member loses the access that came
/// through it.
async fn seed_story(mut w: Walk, lang: Language) -> Walk {
    let ada = w.company().await;
    w.app.set_my_language(&ada, lang).await.unwrap();
    w.person_in(&ada, "bob@acme.test", "Bob Berg", Role::User, lang)
        .await;
    w.person_in(&ada, "cy@acme.test", "Cy Clark", Role::User, lang)
        .await;
    let initech = w.client(&ada, "Initech", "ceo@initech.test").await;
    let bob = w.actor("bob@acme.test").await;
    let cy = w.actor("cy@acme.test").await;

    // The admin: client access and both advanced options.
    w.sign_in("ada@acme.test").await;
    w.go("/admin/settings").await;
    w.shot("settings-before").await;
    for id in [
        "#client_access_enabled",
        "#allow_access_requests",
        "#allow_sharing",
    ] {
        let box_ = w.el(id).await;
        if !box_.is_selected().await.unwrap() {
            box_.click().await.unwrap();
        }
    }
    w.click("#settings-save").await;
    w.shot("settings-saved").await;
    let settings = w.app.settings(&ada).await.unwrap();
    assert!(settings.client_access_enabled && settings.allow_access_requests);
    assert!(settings.allow_sharing);
    // A2: nobody lost access at that moment.
    assert!(w.app.open_client(&bob, initech).await.is_ok());

    // A group with Cy in it.
    w.go("/admin/groups").await;
    w.fill("#group-name", "Audit team").await;
    w.click("#group-create").await;
    w.fill("#member-find", "Cy").await;
    w.click("form:has(#member-find) button[type=submit]").await;
    w.click("[data-add-member='Cy Clark']").await;
    w.shot("group").await;
    assert!(w.has("[data-remove-member='Cy Clark']").await);

    // Restrict Initech and share it with the group.
    w.go(&format!("/clients/{initech}/sharing")).await;
    w.shot("sharing-before").await;
    w.click("[data-remove-kind='company']").await;
    w.fill("#share-find", "Audit").await;
    w.click("#share-find-submit").await;
    w.click("[data-add-name='Audit team']").await;
    w.shot("sharing-restricted").await;
    assert!(w.has("[data-remove-name='Audit team']").await);
    assert!(!w.has("[data-remove-kind='company']").await);
    assert!(w.app.open_client(&cy, initech).await.is_ok(), "A10");
    assert!(w.app.open_client(&bob, initech).await.is_err());
    w.sign_out().await;

    // Bob: locked in the list, asks with a message.
    w.sign_in("bob@acme.test").await;
    w.shot("bob-clients").await;
    assert!(w.text("li.locked").await.contains("Initech"));
    w.click("li.locked a").await;
    let locked = w.page_text().await;
    assert!(
        locked.contains("Audit team"),
        "A13 names the group: {locked}"
    );
    assert!(
        !locked.contains("Cy Clark"),
        "A13 hides its members: {locked}"
    );
    assert!(!locked.contains("ceo@initech.test"));
    w.fill("#message", "Covering the year-end audit.").await;
    w.click("form[action$='/request'] button[type=submit]")
        .await;
    w.shot("bob-requested").await;
    w.sign_out().await;

    // The owner approves from the inbox.
    w.sign_in("ada@acme.test").await;
    w.go("/requests").await;
    w.shot("inbox").await;
    let item = w.text("[data-client-name='Initech']").await;
    assert!(item.contains("Covering the year-end audit."), "{item}");
    w.click("[data-client-name='Initech'] button.approve").await;
    w.shot("approved").await;
    w.sign_out().await;

    // Bob opens it.
    w.sign_in("bob@acme.test").await;
    w.go(&format!("/clients/{initech}")).await;
    w.shot("bob-opens").await;
    assert_eq!(w.text("h1").await, "Initech");
    assert!(w.page_text().await.contains("ceo@initech.test"));
    w.sign_out().await;

    // The admin deletes the group after seeing the impact.
    w.sign_in("ada@acme.test").await;
    w.go("/admin/groups").await;
    w.click("a[href^='/admin/groups/']").await;
    w.click("#group-delete").await;
    w.shot("group-delete-impact").await;
    let impact = w.text("#impact").await;
    assert!(
        impact.contains('1'),
        "one client, one user lose access: {impact}"
    );
    assert!(w.app.open_client(&cy, initech).await.is_ok(), "not yet");
    w.click("#group-delete-confirm").await;
    w.shot("group-deleted").await;
    assert!(w.app.open_client(&cy, initech).await.is_err(), "A20");
    assert!(
        w.app.open_client(&bob, initech).await.is_ok(),
        "Bob's own share stays"
    );
    w
}

#[tokio::test]
async fn a1_a20_the_seed_story_in_english() {
    walk("seed_story_en", |w: Walk| seed_story(w, Language::En)).await;
}

#[tokio::test]
async fn x7_the_seed_story_in_french() {
    walk("seed_story_fr", |w: Walk| seed_story(w, Language::Fr)).await;
}

#[tokio::test]
async fn x7_the_seed_story_in_danish() {
    walk("seed_story_da", |w: Walk| seed_story(w, Language::Da)).await;
}

/// B4 and B8 as a plain user in restricted view with the phone hidden: the
/// client's phone reads "hidden", and of the activities only the ones
/// assigned to them show; one they add through the form joins them.
#[tokio::test]
async fn b4_b8_restricted_view_and_masking_as_a_plain_user() {
    walk("b4_b8_plain_user", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        let bob = w.actor("bob@acme.test").await;
        let restricted = PermissionsPatch {
            view: Some(View::Restricted),
            hide_phone: Some(true),
            ..PermissionsPatch::default()
        };
        w.app
            .update_user(
                &ada,
                bob.user_id,
                UserPatch {
                    permissions: restricted,
                    ..UserPatch::default()
                },
            )
            .await
            .unwrap();
        let client = w.client(&ada, "Globex", "ops@globex.test").await;
        w.app
            .create_activity(
                &Acting::itself(&ada),
                client,
                NewActivity {
                    kind: ActivityKind::Conversation,
                    summary: "Board minutes reviewed by Ada".to_owned(),
                    assignee_id: None,
                    starts_at: None,
                    amount_cents: None,
                    currency: None,
                },
            )
            .await
            .unwrap();

        w.sign_in("bob@acme.test").await;
        w.go(&format!("/clients/{client}")).await;
        w.shot("client-as-bob").await;
        let text = w.page_text().await;
        assert!(text.contains("ops@globex.test"), "the email is shown");
        assert!(!text.contains("+45 12 34 56 78"), "B8: the phone is not");
        assert!(w.has(".hidden").await);
        assert!(!text.contains("Board minutes reviewed by Ada"), "B4");

        w.fill("#activity-summary", "Called the CFO about the filing")
            .await;
        w.click("form[action$='/activities'] button[type=submit]")
            .await;
        w.shot("activity-added").await;
        let text = w.page_text().await;
        assert!(text.contains("Called the CFO about the filing"), "{text}");
        assert!(!text.contains("Board minutes reviewed by Ada"), "B4 still");
        w
    })
    .await;
}

/// B11 as a contributor: work as a member, with the banner on every page;
/// an activity added meanwhile is the member's, recorded with both
/// identities; stopping removes the banner.
#[tokio::test]
async fn b11_work_as_a_member_as_a_contributor() {
    walk("b11_work_as", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(
            &ada,
            "carl@acme.test",
            "Carl Contributor",
            Role::Contributor,
        )
        .await;
        w.person(&ada, "dina@acme.test", "Dina Member", Role::User)
            .await;
        let carl = w.actor("carl@acme.test").await;
        let dina = w.actor("dina@acme.test").await;
        let client = w.client(&ada, "Umbrella", "hq@umbrella.test").await;

        w.sign_in("carl@acme.test").await;
        assert!(!w.has(".work-as-banner").await);
        w.go("/work-as").await;
        w.shot("work-as-choose").await;
        w.el("#work-as-user")
            .await
            .find(thirtyfour::By::Css(format!(
                "option[value='{}']",
                dina.user_id
            )))
            .await
            .unwrap()
            .click()
            .await
            .unwrap();
        w.click("#work-as-start").await;
        w.go(&format!("/clients/{client}")).await;
        w.shot("working-as").await;
        assert!(w.text(".work-as-banner").await.contains("Dina Member"));

        w.fill("#activity-summary", "Prepared the onboarding pack")
            .await;
        w.click("form[action$='/activities'] button[type=submit]")
            .await;
        w.shot("activity-as-dina").await;
        let rows = w
            .app
            .activities(&Acting::itself(&ada), client, None, None, 50)
            .await
            .unwrap()
            .items;
        let row = rows
            .iter()
            .find(|a| a.summary == "Prepared the onboarding pack")
            .expect("the activity was created");
        assert_eq!(row.created_by, dina.user_id, "done as Dina");
        assert_eq!(row.created_by_real, Some(carl.user_id), "by Carl");

        w.click(".work-as-banner button").await;
        w.shot("stopped").await;
        assert!(!w.has(".work-as-banner").await);
        w
    })
    .await;
}

/// X11 and C8: an admin deactivates a member who owns a client; the
/// confirmation page counts what she holds (at desktop and phone widths,
/// nothing scrolling sideways), asks for the successor, and after the
/// confirmation the successor owns the client and the member is inactive.
#[tokio::test]
async fn x11_an_admin_deactivates_an_owner_and_chooses_the_successor() {
    walk("x11_leaver_handover", |mut w: Walk| async move {
        let ada = w.company().await;
        w.app
            .update_settings(
                &ada,
                SettingsPatch {
                    client_access_enabled: Some(true),
                    ..SettingsPatch::default()
                },
            )
            .await
            .unwrap();
        w.person(&ada, "lea@acme.test", "Lea Lindqvist", Role::User)
            .await;
        w.person(&ada, "sam@acme.test", "Sam Sørensen", Role::User)
            .await;
        let lea = w.actor("lea@acme.test").await;
        let sam = w.actor("sam@acme.test").await;
        let client = w.client(&lea, "Initech", "ceo@initech.test").await;
        w.app
            .create_group(&ada, "Audit team", &[lea.user_id])
            .await
            .unwrap();

        w.sign_in("ada@acme.test").await;
        w.go(&format!("/admin/staff/{}", lea.user_id)).await;
        w.shot("member").await;
        w.click("#staff-deactivate").await;
        let path = w.path().await;
        assert!(
            path.starts_with(&format!("/admin/staff/{}/deactivate", lea.user_id)),
            "{path}"
        );
        w.shot("confirm-1280").await;
        let impact = w.text("#impact").await;
        assert!(impact.contains("Lea Lindqvist owns 1 client."), "{impact}");
        assert!(impact.contains("member of 1 group"), "{impact}");
        assert!(impact.contains("signed out everywhere"), "{impact}");

        // A phone's width, tall enough for the whole form in one shot.
        w.resize(390, 1300).await;
        w.shot("confirm-390").await;
        let (page, window) = w.widths().await;
        assert!(
            page <= window,
            "scrolls sideways at 390 px: {page} > {window}"
        );
        for (path, shot) in [
            ("", "member-390"),
            ("/handover", "handover-390"),
            ("/primary-admin", "primary-admin-390"),
        ] {
            w.resize(390, if path.is_empty() { 3000 } else { 1300 })
                .await;
            w.go(&format!("/admin/staff/{}{path}", lea.user_id)).await;
            w.shot(shot).await;
            let (page, window) = w.widths().await;
            assert!(page <= window, "{shot}: {page} > {window}");
        }
        w.go(&format!("/admin/staff/{}/deactivate", lea.user_id))
            .await;
        w.resize(1280, 900).await;

        w.choose("#successor", &sam.user_id.to_string()).await;
        w.click("#leave-confirm").await;
        assert_eq!(
            w.path().await,
            format!("/admin/staff/{}?done=deactivated-handover", lea.user_id)
        );
        w.shot("handed-over").await;
        assert!(w.has("[role=status]").await);

        let owner = w.app.client(&ada, client).await.unwrap().owner_id;
        assert_eq!(owner, sam.user_id, "the successor owns the client");
        let gone = w.app.user(&ada, lea.user_id).await.unwrap();
        assert!(!gone.active);
        let team = w.app.groups(&ada).await.unwrap();
        assert!(
            team[0].members.iter().any(|m| m.id == sam.user_id),
            "the successor joined the group"
        );
        w
    })
    .await;
}

/// The password the walks' people choose from an email link.
const CHOSEN: &str = "lanterns over the harbour";

/// AC1 in `lang`: the admin adds a colleague without a password on the
/// staff page, which then says the invitation is not accepted yet; the
/// colleague opens the link from the email (in their language), is first
/// refused a common password, then chooses a good one and lands signed in
/// on their home page. The admin reads English; `title` is the invitation
/// page's title in `lang`.
async fn invited_colleague_joins(mut w: Walk, lang: Language, title: &str) -> Walk {
    let ada = w.company().await;
    w.sign_in("ada@acme.test").await;
    w.go("/admin/staff").await;
    w.fill("#staff-email", "lea@acme.test").await;
    w.fill("#staff-name", "Léa Laurent").await;
    w.el(&format!(
        "#staff-language option[value='{}']",
        lang.as_str()
    ))
    .await
    .click()
    .await
    .unwrap();
    w.shot("staff-add").await;
    w.click("#staff-create").await;
    w.shot("staff-member-invited").await;
    assert!(w.text("#invitation").await.contains("Invitation sent"));
    w.go("/admin/staff").await;
    let row = w.text("tbody tr:last-child").await;
    assert!(row.contains("Léa Laurent"), "{row}");
    assert!(row.contains("Invitation sent — not accepted yet"), "{row}");
    w.sign_out().await;

    let link = w.link_in_mail("lea@acme.test", "invitations").await;
    w.go(&link).await;
    w.shot("invitation").await;
    assert_eq!(w.text("h1").await, title);
    assert!(w.page_text().await.contains("Ada Admin"));
    w.window(390, 844).await;
    w.shot("invitation-390").await;
    assert!(!w.scrolls_sideways().await, "the invitation at 390 px");
    w.el("form[action^='/invitations/'] button")
        .await
        .scroll_into_view()
        .await
        .unwrap();
    w.shot("invitation-390-end").await;
    w.window(1280, 900).await;

    w.fill("#password", "password123").await;
    w.fill("#confirm", "password123").await;
    w.click("form[action^='/invitations/'] button[type=submit]")
        .await;
    w.shot("invitation-refused").await;
    assert!(w.has("#password-problem").await);
    assert_eq!(
        w.el("#name").await.value().await.unwrap().as_deref(),
        Some("Léa Laurent")
    );

    w.fill("#password", CHOSEN).await;
    w.fill("#confirm", CHOSEN).await;
    w.click("form[action^='/invitations/'] button[type=submit]")
        .await;
    w.shot("home").await;
    assert_eq!(w.path().await, "/clients");
    assert!(w.text(".who .name").await.contains("Léa Laurent"));
    assert!(w.app.invited_users(&ada).await.unwrap().is_empty());
    w
}

#[tokio::test]
async fn ac1_an_invited_colleague_joins_from_the_email() {
    walk("ac1_invitation_en", |w: Walk| {
        invited_colleague_joins(w, Language::En, "Join Acme")
    })
    .await;
}

#[tokio::test]
async fn ac1_an_invited_colleague_joins_in_french() {
    walk("ac1_invitation_fr", |w: Walk| {
        invited_colleague_joins(w, Language::Fr, "Rejoindre Acme")
    })
    .await;
}

/// AC2: "Forgot your password?" on the sign-in page, the link from the
/// email, a new password, then sign-in with it (and not the old one).
#[tokio::test]
async fn ac2_a_forgotten_password_is_reset_from_the_email() {
    walk("ac2_password_reset", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        w.go("/login").await;
        w.click("a[href='/password-reset']").await;
        w.shot("forgot").await;
        w.fill("#email", "bob@acme.test").await;
        w.click("form[action='/password-reset'] button[type=submit]")
            .await;
        w.shot("sent").await;
        assert!(w.page_text().await.contains(
            "If an account exists for that address, we have sent it a link valid for one hour."
        ));

        let link = w.link_in_mail("bob@acme.test", "password-reset").await;
        w.go(&link).await;
        w.shot("new-password").await;
        w.fill("#password", CHOSEN).await;
        w.fill("#confirm", CHOSEN).await;
        w.click("form[action^='/password-reset/'] button[type=submit]")
            .await;
        w.shot("sign-in-after-reset").await;
        assert_eq!(w.path().await, "/login?reset=1");
        assert!(
            w.text("[role=status]")
                .await
                .contains("Sign in with the new one.")
        );
        w.fill("#email", "bob@acme.test").await;
        w.fill("#password", crate::harness::PASSWORD).await;
        w.click("form[action='/login'] button[type=submit]").await;
        assert!(
            w.path().await.starts_with("/login"),
            "the old password no longer works"
        );
        w.sign_in_with("bob@acme.test", CHOSEN).await;
        w.shot("signed-in").await;
        assert_eq!(w.path().await, "/clients");
        w
    })
    .await;
}

/// C7: the account page from the header, a new address there, the link
/// from the email to the new address, its confirmation button; then
/// "sign out everywhere" and sign-in with the new address.
#[tokio::test]
async fn c7_the_email_is_changed_through_the_link() {
    walk("c7_email_change", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        w.sign_in("bob@acme.test").await;
        w.click(".who a.name").await;
        assert_eq!(w.path().await, "/account");
        w.shot("account").await;
        w.window(390, 844).await;
        w.shot("account-390").await;
        assert!(!w.scrolls_sideways().await, "the account page at 390 px");
        for section in ["#password-save", "#sessions"] {
            w.el(section).await.scroll_into_view().await.unwrap();
            w.shot(&format!("account-390-{}", &section[1..])).await;
        }
        w.window(1280, 900).await;

        w.fill("#new_email", "robert@example.test").await;
        w.click("#email-save").await;
        w.shot("link-sent").await;
        let status = w.text("[role=status]").await;
        assert!(
            status.contains("We sent a link to robert@example.test"),
            "{status}"
        );

        let link = w.link_in_mail("robert@example.test", "email-changes").await;
        w.go(&link).await;
        w.shot("confirm").await;
        w.click("form[action^='/email-changes/'] button[type=submit]")
            .await;
        w.shot("changed").await;
        assert!(
            w.page_text()
                .await
                .contains("Your email is now robert@example.test.")
        );
        w.click("main a[href='/account']").await;
        assert!(w.page_text().await.contains("robert@example.test"));

        w.click("#sign-out-everywhere").await;
        w.shot("signed-out-everywhere").await;
        assert_eq!(w.path().await, "/login?everywhere=1");
        w.sign_in("robert@example.test").await;
        w.shot("signed-in-with-the-new-address").await;
        assert_eq!(w.path().await, "/clients");
        w
    })
    .await;
}

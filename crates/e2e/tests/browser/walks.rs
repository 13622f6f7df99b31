//! The walks.

use casegate_app::{Acting, NewActivity, PermissionsPatch, SettingsPatch, UserPatch};
use casegate_core::{ActivityKind, ClientId, Language, RequestStatus, Role, Subject, View};

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
    w.shot("settings-confirm").await;
    assert!(w.has("#impact").await, "A2 is said before it is done");
    assert!(!w.app.settings(&ada).await.unwrap().client_access_enabled);
    w.click("#settings-confirm").await;
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
    w.shot("sharing-restrict-confirm").await;
    w.click("#remove-confirm").await;
    w.fill("#share-find", "Audit").await;
    w.tick("[data-add-name='Audit team']").await;
    w.tick("#share-notify").await;
    w.click("#share-add-submit").await;
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

/// Issue 9, sharing, on a fresh company at 1280 px, then on a phone: the
/// admin turns client access on (A2, its confirmation says nobody's access
/// changes), shares Initech with Bob through the picker that narrows as she
/// types, with "notify by email" and a message (the email is in the outbox,
/// with the message and the link); "Who can open it" says why for each;
/// restricting Initech first counts who loses access (Cy), then removes the
/// whole-company share once confirmed (A19). At 390 px nothing scrolls
/// sideways; client access is turned off after its confirmation (A1).
#[tokio::test]
async fn a4_a19_share_with_notify_see_who_can_open_it_and_restrict_after_the_count() {
    walk("a4_a19_sharing", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        w.person(&ada, "cy@acme.test", "Cy Clark", Role::User).await;
        let initech = w.client(&ada, "Initech", "ceo@initech.test").await;
        let bob = w.actor("bob@acme.test").await;
        let cy = w.actor("cy@acme.test").await;
        let sharing = format!("/clients/{initech}/sharing");

        // Client access on, after its confirmation.
        w.sign_in("ada@acme.test").await;
        w.go("/admin/settings").await;
        w.tick("#client_access_enabled").await;
        w.click("#settings-save").await;
        w.shot("access-on-confirm").await;
        assert!(
            w.text("#impact").await.contains("Nobody"),
            "A2: {}",
            w.text("#impact").await
        );
        assert!(!w.app.settings(&ada).await.unwrap().client_access_enabled);
        w.click("#settings-confirm").await;
        assert!(w.app.settings(&ada).await.unwrap().client_access_enabled);

        // The picker narrows as Ada types; notify is ticked, with a message.
        w.go(&sharing).await;
        w.shot("sharing").await;
        w.fill("#share-find", "bo").await;
        w.el("[data-add-name='Bob Berg']").await;
        assert!(!w.has("[data-add-name='Cy Clark']").await, "narrowed");
        assert!(
            !w.has("[data-add-name='Ada Admin']").await,
            "the owner is not offered"
        );
        w.shot_at("#add-heading", "picker").await;
        w.tick("[data-add-name='Bob Berg']").await;
        assert!(w.el("#share-notify").await.is_selected().await.unwrap());
        w.fill(
            "#share-message",
            "Please look at the KYC file before Friday.",
        )
        .await;
        w.click("#share-add-submit").await;
        w.shot("shared").await;
        let done = w.text("[role=status]").await;
        assert!(done.contains("1 person was told by email"), "{done}");
        let mail = w.mail_to("bob@acme.test", "Initech").await;
        assert!(
            mail.contains("Ada Admin shared the client Initech with you."),
            "{mail}"
        );
        assert!(mail.contains("> Please look at the KYC file before Friday."));
        assert!(!mail.contains("ceo@initech.test"), "B8: {mail}");
        assert_eq!(
            w.link_in_mail("bob@acme.test", "clients").await,
            format!("/clients/{initech}")
        );

        // Who can open it, and why.
        w.shot_at("#who-can", "who-can-open-it").await;
        let table = w.text("#who-can").await;
        assert!(
            table.contains("Bob Berg") && table.contains("shared directly"),
            "{table}"
        );
        assert!(
            table.contains("Cy Clark") && table.contains("whole company"),
            "{table}"
        );

        // Restricting it: the count first, nothing changes until confirmed.
        w.click("[data-remove-kind='company']").await;
        w.shot("restrict-confirm").await;
        let impact = w.text("#impact").await;
        assert!(impact.contains("1 person will lose access"), "{impact}");
        assert!(impact.contains("Cy Clark") && !impact.contains("Bob Berg"));
        assert!(w.app.open_client(&cy, initech).await.is_ok(), "not yet");
        w.click("#remove-confirm").await;
        w.shot("restricted").await;
        assert!(w.app.open_client(&cy, initech).await.is_err(), "A19");
        assert!(w.app.open_client(&bob, initech).await.is_ok());
        assert!(w.text("#general-heading").await.contains("General access"));

        // On a phone nothing scrolls sideways.
        w.resize(390, 844).await;
        w.go(&sharing).await;
        w.shot("sharing-phone").await;
        assert!(!w.scrolls_sideways().await, "{:?}", w.widths().await);
        w.shot_at("#who-can", "who-can-open-it-phone").await;
        w.fill("#share-find", "c").await;
        w.el("[data-add-name='Cy Clark']").await;
        w.shot_at("#add-heading", "picker-phone").await;
        assert!(!w.scrolls_sideways().await, "{:?}", w.widths().await);
        w.click("[data-remove-name='Bob Berg']").await;
        w.shot("remove-confirm-phone").await;
        assert!(w.text("#impact").await.contains("Bob Berg"));
        assert!(!w.scrolls_sideways().await, "{:?}", w.widths().await);

        // Client access off, after its confirmation.
        w.go("/admin/settings").await;
        w.tick("#client_access_enabled").await;
        w.click("#settings-save").await;
        w.shot("access-off-confirm-phone").await;
        assert!(!w.scrolls_sideways().await, "{:?}", w.widths().await);
        let impact = w.text("#impact").await;
        assert!(impact.contains("1 client, open to everyone"), "{impact}");
        assert!(impact.contains("3 active staff members"), "{impact}");
        assert!(w.app.open_client(&cy, initech).await.is_err(), "not yet");
        w.click("#settings-confirm").await;
        w.shot("access-off-phone").await;
        assert!(w.app.open_client(&cy, initech).await.is_ok(), "A1 off");
        w
    })
    .await;
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

/// Asserts the page does not scroll sideways, naming the elements that
/// stick out when it does.
async fn fits(w: &Walk, what: &str) {
    let (page, window) = w.widths().await;
    if page <= window {
        return;
    }
    let wide = w
        .driver
        .execute(
            "const out = []; const W = window.innerWidth;
             for (const e of document.querySelectorAll('body *')) {
               const r = e.getBoundingClientRect();
               if (r.right > W + 0.5) {
                 out.push(e.tagName + (e.id ? '#' + e.id : '') + '.' + e.className + ' ' + Math.round(r.left) + '-' + Math.round(r.right));
               }
             }
             return out.slice(0, 15).join('\\n');",
            Vec::new(),
        )
        .await
        .unwrap();
    panic!(
        "{what} scrolls sideways: {page} > {window}\n{}",
        wide.json().as_str().unwrap_or("")
    );
}

/// A CSV file for the import form, in a folder that lives as long as the walk.
fn csv_file(dir: &std::path::Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

/// Issue 9, items 1, 3 and 9, as a new company would: in a fresh company
/// the admin creates a client in the browser, restricts it (X10), creates a
/// second, tags both at once (B9), imports a CSV whose bad line is shown
/// with its number while nothing is created, then the corrected file,
/// exports, deletes one client after its confirmation page and two more in
/// bulk after theirs; every screen at 1280 px and at a phone's 390×844
/// without sideways scrolling.
#[tokio::test]
async fn b9_x10_clients_are_created_restricted_tagged_imported_and_deleted_in_the_browser() {
    walk("clients_in_the_browser", |mut w: Walk| async move {
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
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        let files = tempfile::tempdir().unwrap();

        w.sign_in("ada@acme.test").await;
        w.go("/clients").await;
        w.shot("empty-list").await;
        assert!(w.text("#clients-total").await.contains("No clients"));

        // A client created in the browser: the owner defaults to Ada.
        open_details(&w, "#clients-new summary").await;
        w.fill("#new-name", "Initech A/S").await;
        w.fill("#new-email", "ceo@initech.test").await;
        w.fill("#new-phone", "+45 12 34 56 78").await;
        w.fill("#new-tags", "kyc, priority").await;
        w.shot("new-client-form").await;
        w.click("#new-submit").await;
        w.shot("created").await;
        assert!(w.page_text().await.contains("The client has been created."));
        let path = w.path().await;
        let initech: ClientId = path
            .trim_start_matches("/clients/")
            .split('?')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        let created = w.app.client(&ada, initech).await.unwrap();
        assert_eq!(created.owner_id, ada.user_id);
        assert_eq!(created.tags, ["kyc", "priority"]);

        // X10: restricted, with the sentence saying what that does.
        let explain = w.text("#restriction").await;
        assert!(explain.contains("no longer apply"), "{explain}");
        w.click("#client-restrict").await;
        w.shot("restricted").await;
        assert!(
            w.page_text()
                .await
                .contains("The client is now restricted.")
        );
        assert!(w.app.client(&ada, initech).await.unwrap().restricted);
        // The client page at a phone's width.
        w.resize(390, 844).await;
        w.shot("client-390").await;
        fits(&w, "the client page").await;
        w.resize(1280, 900).await;

        // A second client, then both tagged at once.
        w.go("/clients").await;
        open_details(&w, "#clients-new summary").await;
        w.fill("#new-name", "Globex").await;
        w.choose(
            "#new-owner",
            &w.actor("bob@acme.test").await.user_id.to_string(),
        )
        .await;
        w.click("#new-submit").await;
        w.go("/clients").await;
        for name in ["Initech A/S", "Globex"] {
            tick(&w, name).await;
        }
        w.fill("#bulk-tag", "vip").await;
        w.shot("bulk-selected").await;
        w.click("#bulk-add").await;
        w.shot("bulk-tagged").await;
        assert!(
            w.page_text()
                .await
                .contains("The tag has been added to 2 clients.")
        );
        let list = w.app.clients(&ada, None, None, 50).await.unwrap().items;
        for entry in &list {
            let client = w.app.client(&ada, entry.id).await.unwrap();
            assert!(client.tags.contains(&"vip".to_owned()), "{}", client.name);
        }
        let text = w.page_text().await;
        assert!(
            text.contains("Bob Berg") && text.contains("ceo@initech.test"),
            "owner and email columns: {text}"
        );
        w.resize(390, 844).await;
        w.shot("list-390").await;
        fits(&w, "the clients list").await;
        open_details(&w, "#clients-new summary").await;
        w.shot("new-client-390").await;
        fits(&w, "the new-client form").await;
        w.resize(1280, 900).await;

        // Import: a bad line is shown with its number, nothing is created.
        w.click("#clients-import").await;
        w.shot("import").await;
        let bad = csv_file(
            files.path(),
            "bad.csv",
            "name,email,tags\nAurora,aurora@example.test,kyc\n,nobody@example.test,\nBaltic,,\n",
        );
        w.el("#import-file").await.send_keys(&bad).await.unwrap();
        w.click("#import-submit").await;
        w.shot("import-refused").await;
        let errors = w.text("#import-errors").await;
        assert!(
            errors.contains("Nothing was imported.") && errors.contains("Line 3:"),
            "{errors}"
        );
        assert_eq!(
            w.app
                .clients(&ada, None, None, 50)
                .await
                .unwrap()
                .items
                .len(),
            2
        );
        w.resize(390, 844).await;
        w.shot("import-refused-390").await;
        fits(&w, "the import page").await;
        w.resize(1280, 900).await;
        let good = csv_file(
            files.path(),
            "good.csv",
            "name,email,tags\nAurora,aurora@example.test,kyc\nBaltic,,\n",
        );
        w.el("#import-file").await.send_keys(&good).await.unwrap();
        w.click("#import-submit").await;
        w.shot("imported").await;
        assert!(
            w.page_text()
                .await
                .contains("2 clients have been imported.")
        );
        assert!(w.text("#clients-total").await.contains("4 clients"));

        // Export: the download holds every client.
        let csv = w
            .driver
            .execute(
                "return fetch('/clients/export.csv').then(r => r.text())",
                Vec::new(),
            )
            .await
            .unwrap();
        let csv = csv.json().as_str().unwrap().to_owned();
        assert!(csv.starts_with("id,name,email"), "{csv}");
        for name in ["Aurora", "Baltic", "Globex", "Initech A/S"] {
            assert!(csv.contains(name), "{name} in {csv}");
        }

        // Delete one client, after the page that says what happens.
        w.go(&format!("/clients/{initech}")).await;
        w.click("#client-delete").await;
        w.shot("delete-confirm").await;
        let impact = w.text("#impact").await;
        assert!(
            impact.contains("Only you can open it now"),
            "restricted: only Ada: {impact}"
        );
        w.resize(390, 844).await;
        w.shot("delete-confirm-390").await;
        fits(&w, "the deletion page").await;
        w.resize(1280, 900).await;
        assert!(w.app.client(&ada, initech).await.is_ok(), "not yet");
        w.click("#client-delete-confirm").await;
        w.shot("deleted").await;
        assert!(w.page_text().await.contains("The client has been deleted."));
        assert!(w.app.client(&ada, initech).await.is_err());

        // Two more in bulk, confirmed with the numbers.
        for name in ["Aurora", "Baltic"] {
            tick(&w, name).await;
        }
        w.click("#bulk-delete").await;
        w.shot("bulk-delete-confirm").await;
        let impact = w.text("#impact").await;
        assert!(impact.contains("2 clients will be deleted."), "{impact}");
        assert!(
            impact.contains("2 people, you included"),
            "Ada and Bob (whole company): {impact}"
        );
        w.resize(390, 844).await;
        w.shot("bulk-delete-confirm-390").await;
        fits(&w, "the bulk deletion page").await;
        w.resize(1280, 900).await;
        w.click("#bulk-delete-confirm").await;
        w.shot("bulk-deleted").await;
        assert!(w.page_text().await.contains("2 clients have been deleted."));
        let left: Vec<String> = w
            .app
            .clients(&ada, None, None, 50)
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.name)
            .collect();
        assert_eq!(left, ["Globex"]);
        w
    })
    .await;
}

/// Ticks the list's checkbox of the client `name`.
async fn tick(w: &Walk, name: &str) {
    let label = w
        .driver
        .find(thirtyfour::By::XPath(format!(
            "//label[normalize-space()='Select {name}']"
        )))
        .await
        .unwrap();
    let target = label.attr("for").await.unwrap().unwrap();
    w.el(&format!("[id='{target}']"))
        .await
        .click()
        .await
        .unwrap();
}

/// Opens a `<details>` by clicking its summary (no new page).
async fn open_details(w: &Walk, summary: &str) {
    w.el(summary).await.click().await.unwrap();
}

/// A14, A16: a plain user asks for a locked client with a message; the
/// locked page then shows the request (status, date, message) and Cancel
/// instead of the form, at 1280 px and at 390 px; Cancel brings the form
/// back and the request reads as cancelled.
#[tokio::test]
async fn a16_the_locked_page_knows_your_request_and_cancels_it() {
    walk("locked_pending_request", |mut w: Walk| async move {
        let ada = w.company().await;
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
        w.person(&ada, "bob@acme.test", "Bob Berg", Role::User)
            .await;
        let initech = w.client(&ada, "Initech", "ceo@initech.test").await;
        w.app.revoke(&ada, initech, Subject::Company).await.unwrap();

        w.sign_in("bob@acme.test").await;
        w.go(&format!("/clients/{initech}")).await;
        w.shot("locked").await;
        assert!(
            w.page_text()
                .await
                .contains("Message to those who can grant access")
        );
        w.fill("#message", "I am covering the audit this week.")
            .await;
        w.click("form[action$='/request'] button[type=submit]")
            .await;
        w.shot("pending-1280").await;
        let pending = w.text("#pending-request").await;
        assert!(pending.contains("Waiting for a decision"), "{pending}");
        assert!(pending.contains("I am covering the audit this week."));
        assert!(!w.has("#message").await, "no second request form");
        w.resize(390, 844).await;
        w.shot("pending-390").await;
        fits(&w, "the locked page with a request").await;
        w.resize(1280, 900).await;

        w.click("#request-cancel").await;
        w.shot("cancelled").await;
        assert!(
            w.page_text()
                .await
                .contains("Your request has been cancelled.")
        );
        assert!(w.has("#message").await, "the form is back");
        let requests = w
            .app
            .access_requests(&ada, Default::default(), None, 50)
            .await
            .unwrap()
            .items;
        assert_eq!(requests.len(), 1);
        assert_eq!(requests[0].request.status, RequestStatus::Cancelled);
        w
    })
    .await;
}

/// Issue 9, item 9: a client with long content (a long name and email,
/// every kind of activity, a document with a long file name, a package,
/// a grouped access log) and the clients list, in English, French and
/// Danish, at 360 and 390 px: nothing scrolls sideways. The client page
/// was 530 px wide at 390 px: the fields' grid gave the email column its
/// full unbreakable width, the documents table took its widest file name,
/// and the Danish navigation did not wrap.
#[tokio::test]
async fn x9_on_phones_the_client_page_and_the_list_never_scroll_sideways() {
    walk("phones_client_page", |mut w: Walk| async move {
        let ada = w.company().await;
        w.person(&ada, "petra@acme.test", "Petra Primary", Role::Admin)
            .await;
        let petra = w.actor("petra@acme.test").await;
        let c = w
            .client(
                &ada,
                "Initech Holding International A/S",
                "accounts.payable.department@initech-holding-international.example",
            )
            .await;
        w.client(&ada, "Initech Nordic", "post@initech-nordic.example")
            .await;
        let acting = Acting {
            actor: ada.clone(),
            work_as: None,
        };
        for kind in [
            ActivityKind::Conversation,
            ActivityKind::Appointment,
            ActivityKind::Payment,
        ] {
            let payment = kind == ActivityKind::Payment;
            w.app
                .create_activity(
                    &acting,
                    c,
                    NewActivity {
                        kind,
                        summary: "Quarterly review of the engagement letter and the KYC file with the CFO"
                            .into(),
                        assignee_id: Some(petra.user_id),
                        starts_at: None,
                        amount_cents: payment.then_some(123_456_789),
                        currency: payment.then(|| "EUR".into()),
                    },
                )
                .await
                .unwrap();
        }
        let mut upload = w
            .app
            .begin_upload(
                &ada,
                c,
                casegate_app::NewDocument {
                    name: "Passport_scan_of_the_chief_financial_officer_2024_final_version.pdf"
                        .into(),
                    content_type: None,
                    visibility: casegate_core::DocumentVisibility::Shared,
                },
            )
            .await
            .unwrap();
        upload.write(b"%PDF-1.7").await.unwrap();
        upload.finish().await.unwrap();
        w.app
            .add_package(
                &ada,
                c,
                casegate_app::NewPackage {
                    name: "Premium onboarding package".into(),
                    price_cents: Some(99_900),
                },
            )
            .await
            .unwrap();
        for _ in 0..3 {
            w.app.open_client(&petra, c).await.unwrap();
        }

        w.sign_in("ada@acme.test").await;
        for (lang, code) in [
            (Language::En, "en"),
            (Language::Fr, "fr"),
            (Language::Da, "da"),
        ] {
            w.app.set_my_language(&ada, lang).await.unwrap();
            for width in [360, 390] {
                w.resize(width, 844).await;
                for (path, name) in [(format!("/clients/{c}"), "client"), ("/clients".to_owned(), "list")] {
                    w.go(&path).await;
                    fits(&w, &format!("{name} in {code} at {width} px")).await;
                }
            }
            // The whole client page in one tall shot, to look at.
            w.resize(390, 4200).await;
            w.go(&format!("/clients/{c}")).await;
            w.shot(&format!("client-{code}-390")).await;
            w.go("/clients").await;
            w.resize(390, 1400).await;
            w.shot(&format!("list-{code}-390")).await;
        }
        w.resize(1280, 900).await;
        w.go(&format!("/clients/{c}")).await;
        let page = w.page_text().await;
        assert!(
            page.contains("Petra Primary åbnede den 3 gange"),
            "the access log groups her openings: {page}"
        );
        w
    })
    .await;
}

/// Issue 9, item 7: a company in Copenhagen reads every date in its own
/// time, with the zone's abbreviation; the activity form asks for and reads
/// local time; a zone outside the IANA database is refused on the form.
#[tokio::test]
async fn x7_dates_are_local_and_the_time_zone_is_checked() {
    walk("time_is_local", |mut w: Walk| async move {
        let ada = w.company().await;
        let initech = w.client(&ada, "Initech", "ceo@initech.test").await;
        w.sign_in("ada@acme.test").await;

        w.go("/admin/company").await;
        w.fill("#company-timezone", "Mars/Olympus").await;
        w.click("#company-save").await;
        w.shot("zone-refused").await;
        let text = w.page_text().await;
        assert!(
            text.contains("a time zone name of the IANA database"),
            "{text}"
        );
        w.fill("#company-timezone", "Europe/Copenhagen").await;
        w.click("#company-save").await;
        w.shot("zone-saved").await;

        w.go(&format!("/clients/{initech}")).await;
        let label = w.text("label[for=activity-starts]").await;
        assert!(
            label.contains("Europe/Copenhagen"),
            "the form names the zone: {label}"
        );
        w.fill("#activity-summary", "Annual KYC review meeting")
            .await;
        w.choose("#activity-kind", "appointment").await;
        w.set_value("#activity-starts", "2026-12-24T09:30").await;
        w.click("form[action$='/activities'] button[type=submit]")
            .await;
        w.shot("activity-local").await;
        let text = w.page_text().await;
        assert!(text.contains("24 Dec 2026, 09:30 CET"), "{text}");
        let stored = w
            .app
            .activities(&Acting::itself(&ada), initech, None, None, 10)
            .await
            .unwrap()
            .items;
        let at = stored[0].starts_at.unwrap();
        assert_eq!(
            at.to_rfc3339(),
            "2026-12-24T08:30:00+00:00",
            "stored in UTC"
        );
        w.resize(390, 844).await;
        w.shot("activity-local-390").await;
        fits(&w, "the client page in Copenhagen time").await;
        w
    })
    .await;
}

/// C2, C4 in the browser, in French (the deal-desk seed's language): the
/// agent gives a lender's employee a file by email; she opens the invitation
/// from the email, chooses her password and lands on "Mes dossiers" with
/// the file, the company, her entity, its role and the manager to ask — at
/// a laptop's width and a phone's.
#[tokio::test]
async fn c2_c4_an_invited_lender_follows_her_file_on_the_desk() {
    walk("c2_c4_desk_fr", |mut w: Walk| async move {
        let ada = w.company().await;
        w.app
            .update_company(
                &ada,
                casegate_app::CompanyPatch {
                    default_language: Some(Language::Fr),
                    ..casegate_app::CompanyPatch::default()
                },
            )
            .await
            .unwrap();
        w.app.set_my_language(&ada, Language::Fr).await.unwrap();
        let deal = w
            .app
            .create_client(
                &ada,
                casegate_app::NewClient {
                    name: "Financement Nordlys — tranche A".into(),
                    email: None,
                    phone: None,
                    tags: Vec::new(),
                    owner_id: None,
                },
            )
            .await
            .unwrap()
            .value
            .id;

        // The agent records the lender and invites Léa, in the browser.
        w.sign_in("ada@acme.test").await;
        w.click("nav a[href='/entities']").await;
        assert_eq!(w.text("h1").await, "Entités");
        w.fill("#entity-name", "Banque Lumière").await;
        w.choose("#entity-kind", "lender").await;
        w.fill("#entity-domains", "lumiere.example").await;
        w.click("form[action='/entities'] button[type=submit]")
            .await;
        assert_eq!(w.text("h1").await, "Banque Lumière");
        w.shot("agent-entite").await;
        w.go(&format!("/clients/{deal}")).await;
        w.click(&format!("a[href='/clients/{deal}/contacts']"))
            .await;
        assert_eq!(w.text("h1").await, "Entités et contacts");
        w.choose("#deal-role", "lender").await;
        let bank = w
            .app
            .entities(&ada, None, None, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.name == "Banque Lumière")
            .unwrap()
            .id;
        w.choose("#deal-choice", &bank.to_string()).await;
        w.click("form[action$='/contacts/entity'] button[type=submit]")
            .await;
        assert!(
            w.page_text()
                .await
                .contains("L’entité participe au dossier.")
        );
        w.fill("#deal-emails", "lea@lumiere.example\nlea@gmail.example")
            .await;
        w.click("form[action$='/contacts/add'] button[type=submit]")
            .await;
        let outcomes = w.text(".deal-outcomes").await;
        assert!(outcomes.contains("invité"), "{outcomes}");
        assert!(outcomes.contains("lea@gmail.example"), "{outcomes}");
        w.shot("agent-contacts").await;
        w.window(390, 844).await;
        fits(&w, "the client's entities and contacts at 390 px").await;
        w.shot("agent-contacts-390").await;
        w.window(1280, 900).await;
        w.sign_out().await;
        // The agent did not type Léa's name: she gives it herself below.
        for (name, visibility) in [
            (
                "Conditions indicatives.pdf",
                casegate_core::DocumentVisibility::Shared,
            ),
            (
                "Note de crédit.pdf",
                casegate_core::DocumentVisibility::Internal,
            ),
        ] {
            let mut up = w
                .app
                .begin_upload(
                    &ada,
                    deal,
                    casegate_app::NewDocument {
                        name: name.into(),
                        content_type: Some("application/pdf".into()),
                        visibility,
                    },
                )
                .await
                .unwrap();
            up.write(b"%PDF-1.4").await.unwrap();
            up.finish().await.unwrap();
        }

        let link = w.link_in_mail("lea@lumiere.example", "invitations").await;
        w.go(&link).await;
        w.shot("invitation").await;
        assert_eq!(w.text("h1").await, "Suivre vos dossiers chez Acme");
        assert!(
            w.page_text()
                .await
                .contains("Ada Admin (Acme) vous invite à suivre des dossiers")
        );
        w.fill("#name", "Léa Lefèvre").await;
        w.fill("#password", "des lanternes sur le port").await;
        w.fill("#confirm", "des lanternes sur le port").await;
        w.click("form[action^='/invitations/'] button[type=submit]")
            .await;
        assert_eq!(w.path().await, "/desk");
        w.shot("mes-dossiers").await;
        assert_eq!(w.text("h1").await, "Mes dossiers");
        let card = w.text(".desk-files li").await;
        for expected in [
            "Financement Nordlys — tranche A",
            "Acme",
            "Banque Lumière · Prêteur",
            "Ada Admin · ada@acme.test",
        ] {
            assert!(card.contains(expected), "{expected}: {card}");
        }
        w.window(390, 844).await;
        w.shot("mes-dossiers-390").await;
        fits(&w, "the desk at 390 px").await;
        w.window(1280, 900).await;

        // The file page: shared documents only, and "Gestion des accès".
        w.click(".desk-files h2 a").await;
        assert_eq!(w.path().await, format!("/desk/files/{deal}"));
        let text = w.page_text().await;
        assert!(text.contains("Conditions indicatives.pdf"), "{text}");
        assert!(!text.contains("Note de crédit.pdf"), "{text}");
        assert!(text.contains("Gestion des accès au dossier"), "{text}");
        w.shot("dossier").await;
        let upload = std::env::temp_dir().join("casegate-walk-lettre-signee.pdf");
        std::fs::write(&upload, b"%PDF-1.4 signed").unwrap();
        w.fill("#desk-file", upload.to_str().unwrap()).await;
        w.click("form[action$='/documents'] button[type=submit]")
            .await;
        assert!(w.page_text().await.contains("Document ajouté."));
        assert!(
            w.page_text()
                .await
                .contains("casegate-walk-lettre-signee.pdf")
        );

        // Léa adds a colleague, revokes him, gives him access again.
        w.fill("#desk-email", "max@lumiere.example").await;
        w.fill("#desk-name", "Max Moreau").await;
        w.click("form[action$='/contacts'].desk-form button[type=submit]")
            .await;
        assert!(w.page_text().await.contains("Accès donné."));
        // Max is the second of the current list (Léa, given it first, leads).
        w.click("#access > ul.desk-list:first-of-type > li:nth-child(2) form button[type=submit]")
            .await;
        let text = w.page_text().await;
        let former = text
            .split("Utilisateurs n’ayant plus accès")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        assert!(former.contains("Max Moreau"), "{text}");
        w.shot("plus-acces").await;
        w.click("#access > ul.desk-list:last-of-type form button[type=submit]")
            .await;
        assert!(w.page_text().await.contains("Accès donné."));
        w.window(390, 844).await;
        w.shot("dossier-390").await;
        fits(&w, "the desk's file page at 390 px").await;
        w.window(1280, 900).await;

        // She hands over to her successor and leaves the file.
        w.fill("#desk-successor", "noe@lumiere.example").await;
        w.tick("input[name=revoke_me]").await;
        w.click("form[action$='/handover'] button[type=submit]")
            .await;
        assert_eq!(w.path().await, "/desk?done=handed");
        assert!(w.page_text().await.contains("Transmis"));
        w.shot("transmis").await;
        let noe = w
            .mail_to("noe@lumiere.example", "Financement Nordlys")
            .await;
        assert!(noe.contains("Léa Lefèvre"), "{noe}");

        w.click("form[action='/desk/logout'] button[type=submit]")
            .await;
        assert!(w.path().await.starts_with("/login"));
        w.sign_in_with("lea@lumiere.example", "des lanternes sur le port")
            .await;
        assert_eq!(w.path().await, "/desk");
        w
    })
    .await;
}

/// The deal desk in English: the agent records a borrower and invites its
/// contact; she signs in, adds a colleague; the agent revokes him from the
/// client's "Entities and contacts"; on her desk he is under "no longer
/// have access" and she gives him access again, then leaves the file.
#[tokio::test]
async fn c3_c5_c10_the_desk_in_english_with_the_agent_revoking_a_colleague() {
    walk("c3_c5_desk_en", |mut w: Walk| async move {
        let ada = w.company().await;
        let deal = w.client(&ada, "Harbour Loan", "harbour@example.com").await;
        w.sign_in("ada@acme.test").await;
        w.go("/entities").await;
        w.fill("#entity-name", "Havn Property").await;
        w.choose("#entity-kind", "borrower").await;
        w.click("form[action='/entities'] button[type=submit]")
            .await;
        assert_eq!(w.text("h1").await, "Havn Property");
        w.go(&format!("/clients/{deal}/contacts")).await;
        w.choose("#deal-role", "borrower").await;
        let havn = w
            .app
            .entities(&ada, None, None, 10)
            .await
            .unwrap()
            .into_iter()
            .find(|e| e.name == "Havn Property")
            .unwrap()
            .id;
        w.choose("#deal-choice", &havn.to_string()).await;
        w.click("form[action$='/contacts/entity'] button[type=submit]")
            .await;
        w.fill("#deal-emails", "ida@havn.example").await;
        w.click("form[action$='/contacts/add'] button[type=submit]")
            .await;
        assert!(w.text(".deal-outcomes").await.contains("invited"));
        w.sign_out().await;

        let link = w.link_in_mail("ida@havn.example", "invitations").await;
        w.go(&link).await;
        w.fill("#name", "Ida Holm").await;
        w.fill("#password", "lanterns over the harbour").await;
        w.fill("#confirm", "lanterns over the harbour").await;
        w.click("form[action^='/invitations/'] button[type=submit]")
            .await;
        assert_eq!(w.path().await, "/desk");
        assert_eq!(w.text("h1").await, "My files");
        w.click(".desk-files h2 a").await;
        assert!(w.page_text().await.contains("Access management"));
        w.fill("#desk-email", "ole@havn.example").await;
        w.fill("#desk-name", "Ole Berg").await;
        w.click("form[action$='/contacts'].desk-form button[type=submit]")
            .await;
        assert!(w.page_text().await.contains("Access given."));
        w.shot("file-en").await;
        w.click("form[action='/desk/logout'] button[type=submit]")
            .await;

        // The agent revokes the colleague from the client's page.
        w.sign_in("ada@acme.test").await;
        w.go(&format!("/clients/{deal}/contacts")).await;
        assert!(w.page_text().await.contains("Ole Berg"));
        w.click(".deal-entity .desk-list li:nth-child(2) form button[type=submit]")
            .await;
        let text = w.page_text().await;
        let former = text
            .split("Users who no longer have access")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        assert!(former.contains("Ole Berg"), "{text}");
        w.shot("agent-revoked-en").await;
        w.sign_out().await;

        // Ida sees him under "no longer have access" and gives it back.
        w.sign_in_with("ida@havn.example", "lanterns over the harbour")
            .await;
        w.go(&format!("/desk/files/{deal}")).await;
        let text = w.page_text().await;
        let former = text
            .split("Users who no longer have access")
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        assert!(former.contains("Ole Berg"), "{text}");
        w.click("#access > ul.desk-list:last-of-type form button[type=submit]")
            .await;
        assert!(w.page_text().await.contains("Access given."));
        w.window(390, 844).await;
        fits(&w, "the desk's file page in English at 390 px").await;
        w.window(1280, 900).await;
        // She leaves the file.
        w.click("#access > ul.desk-list:first-of-type > li:first-child form button[type=submit]")
            .await;
        assert_eq!(w.path().await, "/desk?done=left");
        assert!(w.page_text().await.contains("You left the file."));
        w.shot("left-en").await;
        w
    })
    .await;
}

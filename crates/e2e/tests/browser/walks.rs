//! The walks.

use casegate_app::SettingsPatch;
use casegate_core::{Language, Role, Subject};

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

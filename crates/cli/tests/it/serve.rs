//! `company create`, then `serve`, driven over HTTP; clean stop on SIGTERM.

use serde_json::{Value, json};

use crate::binary::{Server, casegate};

/// Signs in over HTTP; the whole answer (`token`, `user`).
async fn sign_in(http: &reqwest::Client, api: &str, email: &str, password: &str) -> Value {
    http.post(format!("{api}/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

/// `GET` with a bearer token; the JSON answer.
async fn get_json(http: &reqwest::Client, url: String, token: &str) -> Value {
    http.get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn create_company(database_url: &str, name: &str, email: &str) -> Value {
    let output = casegate()
        .args(["company", "create", "--name", name, "--admin-email", email])
        .args(["--admin-name", "Alice Admin"])
        .env("CASEGATE_DATABASE_URL", database_url)
        .env("CASEGATE_ADMIN_PASSWORD", "correct horse battery")
        .output()
        .expect("company create runs");
    assert!(
        output.status.success(),
        "company create failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("company create prints JSON on stdout")
}

#[tokio::test(flavor = "multi_thread")]
async fn the_binary_creates_a_company_serves_the_api_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/data/casegate.db", dir.path().display());

    let created = create_company(&database_url, "Acme Audit", "alice@acme.example");
    assert!(created["company_id"].is_string());
    assert!(created["user_id"].is_string());

    // The same email again is refused and changes nothing.
    let again = casegate()
        .args([
            "company",
            "create",
            "--name",
            "Other",
            "--admin-email",
            "ALICE@acme.example",
        ])
        .env("CASEGATE_DATABASE_URL", &database_url)
        .env("CASEGATE_ADMIN_PASSWORD", "another password")
        .output()
        .unwrap();
    assert!(!again.status.success());

    let mut server = Server::start("serve", &database_url, dir.path());
    let http = reqwest::Client::new();
    let api = format!("{}/api/v1", server.url);

    let wrong = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"email": "alice@acme.example", "password": "wrong"}))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 401);

    let login = sign_in(&http, &api, "alice@acme.example", "correct horse battery").await;
    let token = login["token"].as_str().expect("a token").to_owned();
    assert_eq!(login["user"]["role"], "primary_admin");
    assert_eq!(login["user"]["id"], created["user_id"]);

    let settings = http
        .patch(format!("{api}/settings"))
        .bearer_auth(&token)
        .json(&json!({"client_access_enabled": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(settings.status(), 200);
    let revision: u64 = settings.headers()["casegate-revision"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();

    let client: Value = http
        .post(format!("{api}/clients"))
        .bearer_auth(&token)
        .header("Casegate-At-Least", revision.to_string())
        .json(&json!({"name": "Nordic Shipping A/S"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(client["name"], "Nordic Shipping A/S");

    let check: Value = http
        .post(format!("{api}/check"))
        .bearer_auth(&token)
        .json(&json!({"user_id": created["user_id"], "client_id": client["id"], "action": "view"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(check["allowed"], true);

    let openapi = http
        .get(format!("{api}/openapi.json"))
        .send()
        .await
        .unwrap();
    assert_eq!(openapi.status(), 200);

    assert!(server.terminate(), "serve exits cleanly on SIGTERM");

    // Everything acknowledged survives a restart.
    let server = Server::start("serve", &database_url, dir.path());
    let api = format!("{}/api/v1", server.url);
    let login = sign_in(&http, &api, "alice@acme.example", "correct horse battery").await;
    let list = get_json(
        &http,
        format!("{api}/clients"),
        login["token"].as_str().unwrap(),
    )
    .await;
    assert_eq!(list["items"][0]["name"], "Nordic Shipping A/S");
    assert_eq!(list["items"][0]["locked"], false);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_demo_seeds_an_empty_database_once_and_prints_its_logins() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/demo.db", dir.path().display());
    let mut server = Server::start("demo", &database_url, dir.path());
    let http = reqwest::Client::new();
    let api = format!("{}/api/v1", server.url);
    let login = sign_in(&http, &api, "user@example.com", "casegate-demo").await;
    let token = login["token"].as_str().expect("the demo user signs in");
    let printed = server.stdout.lock().unwrap().join("\n");
    assert!(
        printed.contains(&server.url),
        "the demo prints its URL: {printed}"
    );
    assert!(printed.contains("primary@example.com") && printed.contains("casegate-demo"));
    let list = get_json(&http, format!("{api}/clients?limit=500"), token).await;
    let items = list["items"].as_array().unwrap();
    assert_eq!(items.len(), 300);
    assert!(items.iter().any(|c| c["locked"] == true));
    assert!(items.iter().any(|c| c["locked"] == false));
    let mine = get_json(
        &http,
        format!("{api}/access-requests?status=pending"),
        token,
    )
    .await;
    assert!(!mine["items"].as_array().unwrap().is_empty());
    // The deal desk's contacts sign in and see their files.
    assert!(printed.contains("lea@lumiere.example"));
    let lea = sign_in(&http, &api, "lea@lumiere.example", "casegate-demo").await;
    assert_eq!(lea["user"]["kind"], "contact");
    let desk = get_json(
        &http,
        format!("{api}/desk/files"),
        lea["token"].as_str().unwrap(),
    )
    .await;
    let files = desk["items"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[0]["entity"]["name"], "Banque Lumière");
    assert_eq!(files[0]["company"]["name"], "Nordlys Advisory");
    assert!(server.terminate());

    // A second start does not seed again.
    let mut server = Server::start("demo", &database_url, dir.path());
    let saw_not_seeded = server
        .startup
        .iter()
        .any(|line| line.contains("not created again"));
    assert!(
        saw_not_seeded,
        "the second demo start leaves the data as it is"
    );
    assert!(server.terminate());
}

/// `POST /auth/login` from `http`; the status and `Retry-After`, if any.
async fn try_login(
    http: &reqwest::Client,
    api: &str,
    password: &str,
    forwarded_for: Option<&str>,
) -> (u16, Option<String>) {
    let mut request = http
        .post(format!("{api}/auth/login"))
        .json(&json!({"email": "alice@acme.example", "password": password}));
    if let Some(address) = forwarded_for {
        request = request.header("X-Forwarded-For", address);
    }
    let answer = request.send().await.unwrap();
    let retry_after = answer
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    (answer.status().as_u16(), retry_after)
}

#[tokio::test(flavor = "multi_thread")]
async fn the_server_throttles_each_connecting_address_apart() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/data/casegate.db", dir.path().display());
    create_company(&database_url, "Acme Audit", "alice@acme.example");
    let server = Server::start("serve", &database_url, dir.path());
    let api = format!("{}/api/v1", server.url);
    // Another loopback address: the server sees a different peer.
    let from = |ip: [u8; 4]| {
        reqwest::Client::builder()
            .local_address(std::net::IpAddr::from(ip))
            .build()
            .unwrap()
    };
    let (attacker, person) = (from([127, 0, 0, 2]), from([127, 0, 0, 1]));
    for _ in 0..5 {
        assert_eq!(try_login(&attacker, &api, "wrong", None).await.0, 401);
    }
    let (status, retry_after) = try_login(&attacker, &api, "correct horse battery", None).await;
    assert_eq!((status, retry_after.as_deref()), (429, Some("1")));
    // Without --behind-proxy a forwarded address is not believed.
    let forged = try_login(&attacker, &api, "wrong", Some("203.0.113.7")).await;
    assert_eq!(forged.0, 429);
    let (status, _) = try_login(&person, &api, "correct horse battery", None).await;
    assert_eq!(status, 200, "the person signs in from their own address");
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_a_proxy_the_forwarded_address_is_throttled() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}/data/casegate.db", dir.path().display());
    create_company(&database_url, "Acme Audit", "alice@acme.example");
    let server = Server::start_with(
        "serve",
        &database_url,
        dir.path(),
        &[("CASEGATE_BEHIND_PROXY", "true")],
    );
    let api = format!("{}/api/v1", server.url);
    let http = reqwest::Client::new();
    for _ in 0..5 {
        let (status, _) = try_login(&http, &api, "wrong", Some("10.9.9.9, 203.0.113.7")).await;
        assert_eq!(status, 401);
    }
    let (status, _) = try_login(&http, &api, "wrong", Some("203.0.113.7")).await;
    assert_eq!(status, 429);
    let (status, _) = try_login(&http, &api, "correct horse battery", Some("198.51.100.9")).await;
    assert_eq!(status, 200, "another client behind the same proxy signs in");
}

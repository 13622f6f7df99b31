//! `POST /clients/bulk`, `GET /clients/export`, `POST /clients/import`
//! through the router (B8, B9, B12).

use axum::http::Method;
use serde_json::{Value, json};

use crate::support::{Session, World, random_id};

/// Turns toggles of `who` on or off as the admin.
async fn permissions(w: &World, who: &Session, permissions: Value) {
    w.patch(
        &w.admin,
        &format!("/users/{}", who.id),
        json!({ "permissions": permissions }),
    )
    .await
    .expect(200);
}

async fn import(w: &World, who: &Session, csv: impl Into<String>) -> crate::support::Reply {
    w.raw(
        Method::POST,
        "/clients/import",
        who,
        Some("text/csv"),
        csv.into(),
    )
    .await
}

fn text(reply: &crate::support::Reply) -> &str {
    reply.body.as_str().unwrap_or_default()
}

#[tokio::test]
async fn bulk_tags_the_clients_and_answers_how_many() {
    let w = World::new().await;
    let a = w.client(&w.admin, "Aurora").await;
    let b = w.client(&w.admin, "Baltic").await;
    let reply = w
        .post(
            &w.admin,
            "/clients/bulk",
            json!({"action": "add_tag", "ids": [a, b, "not-an-id", random_id()], "tag": " vip "}),
        )
        .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    snap!("bulk_done", &reply.body);
    let client = w.get(&w.admin, &format!("/clients/{a}")).await;
    assert_eq!(client.body["tags"], json!(["vip"]));

    let reply = w
        .post(
            &w.admin,
            "/clients/bulk",
            json!({"action": "remove_tag", "ids": [a], "tag": "vip"}),
        )
        .await;
    assert_eq!(reply.expect(200).body, json!({"done": 1}));
    let reply = w
        .post(
            &w.admin,
            "/clients/bulk",
            json!({"action": "delete", "ids": [b]}),
        )
        .await;
    assert_eq!(reply.expect(200).body, json!({"done": 1}));
    w.get(&w.admin, &format!("/clients/{b}"))
        .await
        .expect_error(404, "not_found");
}

#[tokio::test]
async fn bulk_input_is_checked() {
    let w = World::new().await;
    let a = w.client(&w.admin, "Aurora").await;
    let too_many: Vec<String> = (0..501).map(|_| a.clone()).collect();
    let cases = [
        (
            json!({"action": "add_tag", "ids": too_many, "tag": "x"}),
            "ids",
        ),
        (json!({"action": "add_tag", "ids": [a]}), "tag"),
        (json!({"action": "add_tag", "ids": [a], "tag": ""}), "tag"),
        (json!({"action": "delete", "ids": [a], "tag": "x"}), "tag"),
        (json!({"action": "explode", "ids": [a]}), "action"),
    ];
    for (body, field) in cases {
        let reply = w.post(&w.admin, "/clients/bulk", body).await;
        reply.expect_error(422, "validation_failed");
        assert!(
            reply.body["error"]["fields"][field].is_string(),
            "{}",
            reply.body
        );
    }
}

#[tokio::test]
async fn b9_bulk_import_and_export_need_edit_rights() {
    let w = World::new().await;
    let user = w.staff("user", "ulla").await;
    let a = w.client(&user, "Aurora").await;
    let bulk = json!({"action": "add_tag", "ids": [a], "tag": "vip"});
    w.post(&user, "/clients/bulk", bulk.clone())
        .await
        .expect_error(403, "forbidden");
    w.get(&user, "/clients/export")
        .await
        .expect_error(403, "forbidden");
    import(&w, &user, "name\nNew\n")
        .await
        .expect_error(403, "forbidden");

    permissions(&w, &user, json!({"edit_rights": true})).await;
    w.post(&user, "/clients/bulk", bulk.clone())
        .await
        .expect(200);
    // B11: working as someone never reaches bulk operations.
    let request = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/clients/bulk")
        .header("authorization", format!("Bearer {}", user.token))
        .header("content-type", "application/json")
        .header("casegate-work-as", &user.id)
        .body(axum::body::Body::from(bulk.to_string()))
        .unwrap();
    w.send(request).await.expect_error(403, "forbidden");
    w.get(&user, "/clients/export").await.expect(200);
    import(&w, &user, "name\nNew\n").await.expect(200);
}

#[tokio::test]
async fn b12_bulk_skips_locked_clients_without_a_word() {
    let w = World::new().await;
    w.lock_down().await;
    let user = w.staff("user", "ulla").await;
    permissions(&w, &user, json!({"edit_rights": true})).await;
    let mine = w.client(&user, "Mine").await;
    let locked = w.private_client(&w.admin, "Locked").await;
    let reply = w
        .post(
            &user,
            "/clients/bulk",
            json!({"action": "add_tag", "ids": [mine, locked], "tag": "vip"}),
        )
        .await;
    assert_eq!(reply.expect(200).body, json!({"done": 1}));
    let after = w.get(&w.admin, &format!("/clients/{locked}")).await;
    assert_eq!(after.body["tags"], json!([]));
}

#[tokio::test]
async fn b8_exports_are_csv_with_hidden_fields_left_empty() {
    let w = World::new().await;
    let created = w
        .post(
            &w.admin,
            "/clients",
            json!({"name": "Aurora, \"A\"", "email": "a@aurora.example", "phone": "+45 1",
                   "tags": ["kyc", "vip"]}),
        )
        .await;
    let id = created.expect(201).id();
    let reply = w.get(&w.admin, "/clients/export").await;
    reply.expect(200);
    assert_eq!(
        reply.headers["content-type"].to_str().unwrap(),
        "text/csv; charset=utf-8"
    );
    let csv = text(&reply);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("id,name,email,phone,tags,owner_id,marketing_opt_in")
    );
    let row = lines.next().unwrap();
    assert!(
        row.contains(",\"Aurora, \"\"A\"\"\",a@aurora.example,'+45 1,kyc;vip,"),
        "{row}"
    );

    let redacted = csv.replace(&id, "[id]").replace(&w.admin.id, "[owner_id]");
    crate::support::snapshot_settings().bind(|| insta::assert_snapshot!("export_csv", redacted));

    let user = w.staff("user", "ulla").await;
    permissions(
        &w,
        &user,
        json!({"edit_rights": true, "hide_email": true, "hide_phone": true}),
    )
    .await;
    let reply = w.get(&user, "/clients/export").await;
    let csv = text(reply.expect(200));
    assert!(
        !csv.contains("aurora.example") && !csv.contains("+45"),
        "{csv}"
    );
    assert!(csv.contains(",\"Aurora, \"\"A\"\"\",,,kyc;vip,"), "{csv}");
}

#[tokio::test]
async fn imports_create_every_line_or_none() {
    let w = World::new().await;
    let reply = import(
        &w,
        &w.admin,
        "name,email,phone,tags,owner_email\n\
         Aurora,a@aurora.example,+45 1,kyc;vip,ada@acme.test\n\
         Baltic,,,,\n",
    )
    .await;
    reply.expect(200);
    assert!(reply.revision().is_some());
    snap!("import_created", &reply.body);

    let reply = import(
        &w,
        &w.admin,
        "name,email\nGood,good@example.com\n,bad\nAlso good,\n",
    )
    .await;
    reply.expect_error(422, "validation_failed");
    snap!("import_refused", &reply.body);
    let list = w.get(&w.admin, "/clients").await;
    assert_eq!(list.body["items"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn imports_take_csv_up_to_five_mebibytes() {
    let w = World::new().await;
    let reply = w
        .post(&w.admin, "/clients/import", json!({"name": "x"}))
        .await;
    reply.expect_error(422, "validation_failed");
    assert!(reply.body["error"]["fields"]["content-type"].is_string());

    // Past the 64 KiB JSON limit, within the import's own.
    let mut csv = String::from("name\n");
    for n in 0..5000 {
        csv.push_str(&format!("Client number {n:05} with a longer name\n"));
    }
    assert!(csv.len() > 64 * 1024);
    let reply = import(&w, &w.admin, csv).await;
    assert_eq!(reply.expect(200).body["created"], 5000);

    let huge = format!("name\n{}", "x".repeat(casegate_app::MAX_IMPORT_BYTES));
    import(&w, &w.admin, huge)
        .await
        .expect_error(413, "payload_too_large");
}

#[tokio::test]
async fn imports_name_the_right_line_with_crlf_endings_and_quoted_newlines() {
    let w = World::new().await;
    // Excel's CRLF, a name over two lines (refused on the line it starts
    // on: a line break in a name), then a bad email on line 5.
    let csv = "name,email\r\nGood,good@example.com\r\n\"Two\r\nLines\",\r\nBad,not-an-email\r\n";
    let reply = import(&w, &w.admin, csv).await;
    reply.expect_error(422, "validation_failed");
    let errors = reply.body["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0]["line"], 3);
    assert!(errors[0]["message"].as_str().unwrap().starts_with("`name`"));
    assert_eq!(errors[1]["line"], 5);
    assert!(
        errors[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("`email`")
    );
}

#[tokio::test]
async fn exports_quote_cells_a_spreadsheet_would_run_and_import_them_back_unchanged() {
    let w = World::new().await;
    for (name, phone) in [
        (
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "+45 12 34 56 78",
        ),
        ("@SUM(A1)", "-1"),
        ("'Tis a name", "12 34"),
    ] {
        w.post(&w.admin, "/clients", json!({"name": name, "phone": phone}))
            .await
            .expect(201);
    }
    let reply = w.get(&w.admin, "/clients/export").await;
    let csv = text(reply.expect(200)).to_owned();
    for cell in [
        "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"",
        ",'+45 12 34 56 78,",
        ",'@SUM(A1),",
        ",'-1,",
        ",'Tis a name,,12 34,",
    ] {
        assert!(csv.contains(cell), "{cell} in {csv}");
    }
    for line in csv.lines().skip(1) {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell} in {line}"
            );
        }
    }

    // The export, less its id and owner columns, imports as the same clients.
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let mut again = csv::Writer::from_writer(Vec::new());
    again.write_record(["name", "phone"]).unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        again.write_record([&record[1], &record[3]]).unwrap();
    }
    let other = World::new().await;
    let body = String::from_utf8(again.into_inner().unwrap()).unwrap();
    import(&other, &other.admin, body).await.expect(200);
    let list = other.get(&other.admin, "/clients").await;
    let mut names: Vec<&str> = list.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    assert_eq!(
        names,
        [
            "'Tis a name",
            "=HYPERLINK(\"http://evil.example\",\"x\")",
            "@SUM(A1)"
        ]
    );
    for item in list.body["items"].as_array().unwrap() {
        let id = item["id"].as_str().unwrap();
        let client = other.get(&other.admin, &format!("/clients/{id}")).await;
        let phone = client.body["phone"].as_str().unwrap();
        assert!(
            ["+45 12 34 56 78", "-1", "12 34"].contains(&phone),
            "{phone}"
        );
    }
}

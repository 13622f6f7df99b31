//! The browser harness: casegate on a free port (temporary SQLite, mail to
//! files), `chromedriver` with headless Chromium, and the few verbs the
//! walks use: go, fill, choose, click, tick, read, resize, screenshot, and
//! read a link or a text from an email the server wrote.
//!
//! Without Chromium the tests print why and pass, unless
//! `CASEGATE_REQUIRE_SERVICES=1` (CI), where a missing browser fails them.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use casegate_app::{Actor, App, AppConfig, NewClient, NewUser};
use casegate_core::{ClientId, Language, Role};
use casegate_store::testing::{TempGuard, services_required, sqlite_temp};
use thirtyfour::components::SelectElement;
use thirtyfour::prelude::*;

/// The password of every person the walks create.
pub const PASSWORD: &str = "correct horse battery";

const CHROMIUM: &str = "/usr/bin/chromium";
const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The flags that keep headless Chromium quiet on a machine without a
/// network (no background connections, no first-run, no sandbox as root).
const CHROMIUM_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--window-size=1280,900",
];

/// One walk: the server, the browser and the screenshot folder.
pub struct Walk {
    pub app: App,
    pub base: String,
    pub driver: WebDriver,
    shots: PathBuf,
    step: u32,
    chromedriver: Child,
    server: tokio::task::JoinHandle<()>,
    _profile: tempfile::TempDir,
    outbox: tempfile::TempDir,
    _store: TempGuard,
}

/// Serialises the walks: two cores do not run two Chromiums well.
static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `body` in a fresh walk named `name`, or skips it without a browser.
pub async fn walk<F, Fut>(name: &str, body: F)
where
    F: FnOnce(Walk) -> Fut,
    Fut: std::future::Future<Output = Walk>,
{
    if !Path::new(CHROMIUM).exists() || !Path::new(CHROMEDRIVER).exists() {
        assert!(
            !services_required(),
            "CASEGATE_REQUIRE_SERVICES=1 but {CHROMIUM} or {CHROMEDRIVER} is missing \
             (apt-get install chromium chromium-driver)"
        );
        eprintln!("skipping browser walk {name}: no {CHROMIUM} / {CHROMEDRIVER}");
        return;
    }
    let _turn = ONE_AT_A_TIME.lock().await;
    let walk = Walk::start(name).await;
    let walk = body(walk).await;
    walk.finish().await;
}

/// A free port on 127.0.0.1.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

impl Walk {
    async fn start(name: &str) -> Walk {
        let (store, guard) = sqlite_temp().await;
        let outbox = tempfile::tempdir().unwrap();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let config = AppConfig {
            public_url: base.clone(),
            smtp_url: None,
            outbox_dir: outbox.path().to_owned(),
            token_ttl: chrono::Duration::hours(1),
            behind_proxy: false,
        };
        let app = App::open(store, config).await.unwrap();
        let router = casegate_http::router(app.clone());
        let server = tokio::spawn(async move {
            let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, service).await.unwrap();
        });

        let port = free_port();
        let chromedriver = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let profile = tempfile::tempdir().unwrap();
        let mut caps = DesiredCapabilities::chrome();
        caps.set_binary(CHROMIUM).unwrap();
        for flag in CHROMIUM_FLAGS {
            caps.add_arg(flag).unwrap();
        }
        caps.add_arg(&format!("--user-data-dir={}", profile.path().display()))
            .unwrap();
        let url = format!("http://127.0.0.1:{port}");
        let mut driver = None;
        for _ in 0..50 {
            match WebDriver::new(&url, caps.clone()).await {
                Ok(d) => {
                    driver = Some(d);
                    break;
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        }
        let driver = driver.expect("chromedriver did not start within 10 s");

        let shots = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../target/ui-screenshots")
            .join(name);
        let _ = std::fs::remove_dir_all(&shots);
        std::fs::create_dir_all(&shots).unwrap();
        Walk {
            app,
            base,
            driver,
            shots,
            step: 0,
            chromedriver,
            server,
            _profile: profile,
            outbox,
            _store: guard,
        }
    }

    async fn finish(mut self) {
        let _ = self.driver.clone().quit().await;
        let _ = self.chromedriver.kill();
        let _ = self.chromedriver.wait();
        self.server.abort();
    }

    /// Company "Acme" with its primary admin Ada; Ada's actor.
    pub async fn company(&self) -> Actor {
        self.app
            .create_company("Acme", "ada@acme.test", "Ada Admin", PASSWORD)
            .await
            .unwrap();
        self.actor("ada@acme.test").await
    }

    /// The actor of a person, signed in through the App.
    pub async fn actor(&self, email: &str) -> Actor {
        let from = std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST);
        let (token, _) = self.app.login(email, PASSWORD, from).await.unwrap();
        self.app.authenticate(&token).await.unwrap()
    }

    /// A staff member created by `admin`, with a password.
    pub async fn person(&self, admin: &Actor, email: &str, name: &str, role: Role) {
        self.person_in(admin, email, name, role, Language::En).await;
    }

    /// A staff member who reads casegate in `language`.
    pub async fn person_in(
        &self,
        admin: &Actor,
        email: &str,
        name: &str,
        role: Role,
        language: Language,
    ) {
        self.app
            .create_user(
                admin,
                NewUser {
                    email: email.to_owned(),
                    name: name.to_owned(),
                    role,
                    password: Some(PASSWORD.to_owned()),
                    language: Some(language),
                },
            )
            .await
            .unwrap();
    }

    /// A client created by `owner`.
    pub async fn client(&self, owner: &Actor, name: &str, email: &str) -> ClientId {
        self.app
            .create_client(
                owner,
                NewClient {
                    name: name.to_owned(),
                    email: Some(email.to_owned()),
                    phone: Some("+45 12 34 56 78".to_owned()),
                    tags: vec!["kyc".to_owned()],
                    owner_id: None,
                },
            )
            .await
            .unwrap()
            .value
            .id
    }

    /// Opens a path of the site.
    pub async fn go(&self, path: &str) {
        self.driver
            .goto(format!("{}{path}", self.base))
            .await
            .unwrap();
    }

    /// The path (and query) of the page shown.
    pub async fn path(&self) -> String {
        let url = self.driver.current_url().await.unwrap();
        let mut out = url.path().to_owned();
        if let Some(q) = url.query() {
            out.push('?');
            out.push_str(q);
        }
        out
    }

    /// Saves a screenshot of the page as `NN-name.png`.
    pub async fn shot(&mut self, name: &str) {
        self.step += 1;
        let file = self.shots.join(format!("{:02}-{name}.png", self.step));
        self.driver.screenshot(&file).await.unwrap();
    }

    /// Scrolls `css` into view, then [`Walk::shot`].
    pub async fn shot_at(&mut self, css: &str, name: &str) {
        self.el(css).await.scroll_into_view().await.unwrap();
        self.shot(name).await;
    }

    /// The element `css`, waiting up to 5 s for it.
    pub async fn el(&self, css: &str) -> WebElement {
        self.driver
            .query(By::Css(css))
            .wait(Duration::from_secs(5), Duration::from_millis(100))
            .first()
            .await
            .unwrap_or_else(|e| panic!("no element {css} on {}: {e}", self.base))
    }

    /// Whether the page has an element `css` now.
    pub async fn has(&self, css: &str) -> bool {
        !self.driver.find_all(By::Css(css)).await.unwrap().is_empty()
    }

    /// Types `text` into the field `css`, replacing what was there.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.el(css).await;
        field.clear().await.unwrap();
        field.send_keys(text).await.unwrap();
    }

    /// Sets the value of the field `css` as a person picking it would (a
    /// `datetime-local` field takes no typed keys in every locale).
    pub async fn set_value(&self, css: &str, value: &str) {
        let field = self.el(css).await;
        self.driver
            .execute(
                "arguments[0].value = arguments[1];",
                vec![field.to_json().unwrap(), serde_json::Value::from(value)],
            )
            .await
            .unwrap();
    }

    /// Clicks `css` (a link or a submit button) and waits for the next
    /// page: the old document gone, the new one loaded.
    pub async fn click(&self, css: &str) {
        let old = self.el("html").await;
        self.el(css).await.click().await.unwrap();
        for _ in 0..100 {
            // A stale (or unreadable) old root means the page was replaced.
            if !old.is_present().await.unwrap_or(false) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            !old.is_present().await.unwrap_or(false),
            "clicking {css} did not lead to another page"
        );
        self.settle().await;
    }

    /// Clicks `css` on this page (a radio, a checkbox, a box that narrows
    /// a list), waiting up to 5 s for it to appear; no page follows.
    pub async fn tick(&self, css: &str) {
        self.el(css).await.click().await.unwrap();
    }

    /// Waits until the document has loaded.
    pub async fn settle(&self) {
        for _ in 0..50 {
            let state = self
                .driver
                .execute("return document.readyState", Vec::new())
                .await
                .ok()
                .and_then(|r| r.json().as_str().map(str::to_owned));
            if state.as_deref() == Some("complete") {
                return;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Chooses the option of value `value` in the select `css`.
    pub async fn choose(&self, css: &str, value: &str) {
        let select = SelectElement::new(&self.el(css).await).await.unwrap();
        select.select_by_value(value).await.unwrap();
    }

    /// Resizes the window (headless Chromium: the viewport) to `width` ×
    /// `height` CSS pixels.
    pub async fn resize(&self, width: u32, height: u32) {
        self.driver
            .set_window_rect(0, 0, width, height)
            .await
            .unwrap();
        self.settle().await;
    }

    /// The page's width and the window's: equal when nothing scrolls sideways.
    pub async fn widths(&self) -> (i64, i64) {
        let answer = self
            .driver
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth]",
                Vec::new(),
            )
            .await
            .unwrap();
        let pair: Vec<i64> = answer.convert().unwrap();
        (pair[0], pair[1])
    }

    /// The visible text of `css`.
    pub async fn text(&self, css: &str) -> String {
        self.el(css).await.text().await.unwrap()
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> String {
        self.text("body").await
    }

    /// Resizes the window, e.g. to a phone's 390×844.
    pub async fn window(&self, width: u32, height: u32) {
        self.driver
            .set_window_rect(0, 0, width, height)
            .await
            .unwrap();
        self.settle().await;
    }

    /// Whether the page is wider than the window (it would scroll sideways).
    pub async fn scrolls_sideways(&self) -> bool {
        self.driver
            .execute(
                "const e = document.documentElement; return e.scrollWidth > e.clientWidth",
                Vec::new(),
            )
            .await
            .unwrap()
            .json()
            .as_bool()
            .unwrap()
    }

    /// The path of the first `{base}/{kind}/…` link in the newest email to
    /// `to`, as a person would open it: the outbox is delivered (as the
    /// server's loop does) and the `.eml` files it writes are read. Waits
    /// up to 5 s, for the emails a page's task writes after answering.
    pub async fn link_in_mail(&self, to: &str, kind: &str) -> String {
        let prefix = format!("{}/{kind}/", self.base);
        for _ in 0..50 {
            self.app.deliver_outbox_once().await.unwrap();
            let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
            if let Ok(dir) = std::fs::read_dir(self.outbox.path()) {
                for entry in dir {
                    let path = entry.unwrap().path();
                    if path.extension().is_none_or(|e| e != "eml") {
                        continue;
                    }
                    let raw = std::fs::read_to_string(&path).unwrap();
                    let (to_header, body) = email_text(&raw);
                    if to_header.contains(to) && body.contains(&prefix) {
                        let at = path.metadata().unwrap().modified().unwrap();
                        found.push((at, body));
                    }
                }
            }
            found.sort();
            if let Some((_, body)) = found.last() {
                let start = body.find(&prefix).unwrap() + self.base.len();
                return body[start..]
                    .split(char::is_whitespace)
                    .next()
                    .unwrap()
                    .to_owned();
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no email to {to} with a {prefix} link");
    }

    /// The decoded body of the newest email to `to` that contains `text`,
    /// once the outbox is delivered (as the server's loop does); waits up
    /// to 5 s.
    pub async fn mail_to(&self, to: &str, text: &str) -> String {
        for _ in 0..50 {
            self.app.deliver_outbox_once().await.unwrap();
            let mut found: Vec<(std::time::SystemTime, String)> = Vec::new();
            if let Ok(dir) = std::fs::read_dir(self.outbox.path()) {
                for entry in dir {
                    let path = entry.unwrap().path();
                    if path.extension().is_none_or(|e| e != "eml") {
                        continue;
                    }
                    let raw = std::fs::read_to_string(&path).unwrap();
                    let (to_header, body) = email_text(&raw);
                    if to_header.contains(to) && body.contains(text) {
                        let at = path.metadata().unwrap().modified().unwrap();
                        found.push((at, body));
                    }
                }
            }
            found.sort();
            if let Some((_, body)) = found.pop() {
                return body;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no email to {to} saying {text}");
    }

    /// Signs in through the form.
    pub async fn sign_in(&self, email: &str) {
        self.sign_in_with(email, PASSWORD).await;
    }

    /// Signs in through the form with `password`.
    pub async fn sign_in_with(&self, email: &str, password: &str) {
        self.go("/login").await;
        self.fill("#email", email).await;
        self.fill("#password", password).await;
        self.click("form[action='/login'] button[type=submit]")
            .await;
        assert!(
            !self.path().await.starts_with("/login"),
            "{email} could not sign in: {}",
            self.page_text().await
        );
    }

    /// Signs out with the header's button.
    pub async fn sign_out(&self) {
        self.click("form[action='/logout'] button").await;
        assert!(self.path().await.starts_with("/login"));
    }
}

/// The `To:` header and the decoded text body of an `.eml` file (7bit or
/// quoted-printable, the encodings lettre picks for a plain-text body).
fn email_text(raw: &str) -> (String, String) {
    let raw = raw.replace("\r\n", "\n");
    let (head, body) = raw.split_once("\n\n").unwrap();
    let header = |name: &str| {
        head.lines()
            .find_map(|l| {
                l.split_once(':')
                    .filter(|(k, _)| k.eq_ignore_ascii_case(name))
                    .map(|(_, v)| v.trim().to_owned())
            })
            .unwrap_or_default()
    };
    let body = match header("Content-Transfer-Encoding")
        .to_ascii_lowercase()
        .as_str()
    {
        "quoted-printable" => quoted_printable(body),
        "" | "7bit" | "8bit" => body.to_owned(),
        other => panic!("an email body in {other}: decode it here"),
    };
    (header("To"), body)
}

/// Decodes quoted-printable: `=` at a line's end joins it to the next, `=XX`
/// is the byte XX.
fn quoted_printable(text: &str) -> String {
    let joined = text.replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = joined
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8(out).unwrap()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_printable_bodies_are_decoded() {
        let raw = "To: bob@acme.test\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n\
                   Vous =C3=AAtes invit=C3=A9 : http://x/invitations/abc=\r\ndef?a=3Db\r\n";
        let (to, body) = email_text(raw);
        assert_eq!(to, "bob@acme.test");
        assert_eq!(body, "Vous êtes invité : http://x/invitations/abcdef?a=b\n");
    }
}

//! Starting and stopping the real binary.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// The binary under test.
pub fn casegate() -> Command {
    Command::new(env!("CARGO_BIN_EXE_casegate"))
}

/// A running `casegate serve`, stopped (SIGTERM) when dropped.
pub struct Server {
    pub child: Child,
    pub url: String,
    /// The log lines printed up to and including `listening on`.
    pub startup: Vec<String>,
    /// Everything printed on standard output so far.
    pub stdout: Arc<Mutex<Vec<String>>>,
}

impl Server {
    /// Starts `casegate <command>` on a free port of the database and waits
    /// for its `listening on http://ADDR` line.
    pub fn start(command: &str, database_url: &str, dir: &Path) -> Server {
        Server::start_with(command, database_url, dir, &[])
    }

    /// [`Server::start`] with more environment variables.
    pub fn start_with(
        command: &str,
        database_url: &str,
        dir: &Path,
        env: &[(&str, &str)],
    ) -> Server {
        let mut child = casegate()
            .args([command, "--bind", "127.0.0.1:0"])
            .envs(env.iter().copied())
            .env("CASEGATE_DATABASE_URL", database_url)
            .env("RUST_LOG", "info")
            .current_dir(dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts");
        let stdout = Arc::new(Mutex::new(Vec::new()));
        let out = child.stdout.take().expect("stdout is piped");
        let sink = Arc::clone(&stdout);
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        let stderr = child.stderr.take().expect("stderr is piped");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut startup = Vec::new();
        let url = loop {
            let line = rx
                .recv_timeout(Duration::from_secs(120))
                .expect("the server logs `listening on` within two minutes");
            let found = line
                .find("listening on http://")
                .map(|at| line[at + "listening on ".len()..].trim().to_owned());
            startup.push(line);
            if let Some(url) = found {
                break url;
            }
        };
        // Keep draining the pipe so the server never blocks on a full stderr.
        std::thread::spawn(move || while rx.recv().is_ok() {});
        Server {
            child,
            url,
            startup,
            stdout,
        }
    }

    /// Sends SIGTERM and waits for the process to end; returns its exit status success.
    pub fn terminate(&mut self) -> bool {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        for _ in 0..200 {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.success();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        false
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Ok(None) = self.child.try_wait() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

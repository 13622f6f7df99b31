//! `casegate serve`: migrate, build the index, serve the API until SIGTERM/SIGINT.

use std::net::SocketAddr;
use std::time::Duration;

use casegate_app::App;
use tokio::net::TcpListener;
use tokio::sync::watch;

use crate::config::{self, ServerArgs};

/// How often pending access requests are checked for expiry (A16).
const EXPIRY_INTERVAL: Duration = Duration::from_secs(600);

/// Runs `serve`.
pub async fn run(args: ServerArgs) -> anyhow::Result<()> {
    let listener = TcpListener::bind(&args.bind).await?;
    let addr = listener.local_addr()?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| format!("http://{addr}"));
    let app = config::open_app(
        &args.database,
        args.smtp_url.clone(),
        public_url,
        args.outbox_dir.clone(),
        args.behind_proxy,
    )
    .await?;
    serve_app(app, listener, addr, None).await
}

/// Serves an opened app on a bound listener, with the background workers.
pub async fn serve_app(
    app: App,
    listener: TcpListener,
    addr: SocketAddr,
    banner: Option<Vec<String>>,
) -> anyhow::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let outbox = tokio::spawn({
        let app = app.clone();
        let stop = stop_rx.clone();
        async move { app.run_outbox(stop).await }
    });
    let expiry = tokio::spawn(expire_requests_periodically(app.clone(), stop_rx.clone()));

    // The peer address reaches handlers as `ConnectInfo` (the sign-in throttle).
    let service = casegate_http::router(app).into_make_service_with_connect_info::<SocketAddr>();
    // Registered before `listening on` is logged, so a SIGTERM sent as soon
    // as the server announces itself already stops it cleanly.
    let shutdown = shutdown_signal()?;
    for line in banner.unwrap_or_default() {
        println!("{line}");
    }
    tracing::info!("listening on http://{addr}");
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown)
        .await?;

    let _ = stop_tx.send(true);
    let _ = outbox.await;
    let _ = expiry.await;
    tracing::info!("stopped");
    Ok(())
}

async fn expire_requests_periodically(app: App, mut stop: watch::Receiver<bool>) {
    loop {
        if let Err(error) = app.expire_requests().await {
            tracing::warn!(%error, "expiring access requests failed");
        }
        tokio::select! {
            _ = tokio::time::sleep(EXPIRY_INTERVAL) => {}
            _ = stop.changed() => return,
        }
    }
}

/// Installs the SIGINT and SIGTERM handlers now; the future resolves on
/// the first of them.
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()>> {
    #[cfg(unix)]
    let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    #[cfg(unix)]
    let mut interrupt = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt())?;
    Ok(async move {
        #[cfg(unix)]
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
        #[cfg(not(unix))]
        let _ = tokio::signal::ctrl_c().await;
        tracing::info!("shutting down");
    })
}

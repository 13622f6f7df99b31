//! The [`ClientAddr`] extractor: the address a request came from, as the
//! sign-in throttle counts it.
//!
//! Directly, that is the socket's peer (`ConnectInfo`, which `casegate
//! serve` provides). Behind a reverse proxy (`AppConfig::behind_proxy`) the
//! peer is the proxy, so the last `X-Forwarded-For` entry counts instead: the
//! one our proxy appended, naming whoever connected to it. Entries before it
//! were written by the client and prove nothing. Without the setting the
//! header is ignored, so a client cannot pick its own address.

use std::convert::Infallible;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;
use casegate_app::App;

/// The address of requests whose peer is unknown: a router driven without a
/// socket (tests with `oneshot`), or a proxy that sent no usable header.
pub const UNKNOWN_CLIENT: IpAddr = IpAddr::V4(Ipv4Addr::UNSPECIFIED);

/// The client's address (never a rejection: see [`UNKNOWN_CLIENT`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl FromRequestParts<App> for ClientAddr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| addr.ip());
        let forwarded = if app.config().behind_proxy {
            forwarded_for(&parts.headers)
        } else {
            None
        };
        Ok(ClientAddr(forwarded.or(peer).unwrap_or(UNKNOWN_CLIENT)))
    }
}

/// The last entry of the last `X-Forwarded-For` line, if it is an address
/// (with or without a port).
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    let line = headers.get_all("x-forwarded-for").iter().next_back()?;
    let entry = line.to_str().ok()?.rsplit(',').next()?.trim();
    entry
        .parse::<IpAddr>()
        .ok()
        .or_else(|| entry.parse::<SocketAddr>().ok().map(|addr| addr.ip()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(lines: &[&'static str]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for line in lines {
            map.append("x-forwarded-for", HeaderValue::from_static(line));
        }
        map
    }

    #[test]
    fn the_entry_our_proxy_appended_counts() {
        let ip = |s: &str| s.parse::<IpAddr>().ok();
        assert_eq!(forwarded_for(&headers(&["203.0.113.7"])), ip("203.0.113.7"));
        assert_eq!(
            forwarded_for(&headers(&["1.2.3.4, 203.0.113.7"])),
            ip("203.0.113.7")
        );
        assert_eq!(
            forwarded_for(&headers(&["1.2.3.4", "10.0.0.1,198.51.100.9"])),
            ip("198.51.100.9")
        );
        assert_eq!(
            forwarded_for(&headers(&["[2001:db8::1]:4711"])),
            ip("2001:db8::1")
        );
        assert_eq!(
            forwarded_for(&headers(&["203.0.113.7:80"])),
            ip("203.0.113.7")
        );
        // A bad last entry does not fall back to the client's own entries.
        assert_eq!(forwarded_for(&headers(&["1.2.3.4, unknown"])), None);
        assert_eq!(forwarded_for(&headers(&[])), None);
    }
}

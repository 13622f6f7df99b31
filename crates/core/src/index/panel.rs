//! A13: the sharing panel of a client. With access: every open share, owner
//! first, then users and groups (with members) by name, then the whole
//! company, each with who granted it and when. Without access (the
//! requester's view, A18): the owner, the users and the groups by name,
//! nothing else: no members, no grants, no whole-company line.

use super::company::{CompanyIndex, DSubject, OpenShare};
use super::types::{Panel, PanelEntry};
use crate::ids::{ClientId, UserId};
use crate::model::Subject;

impl CompanyIndex {
    /// A13: the sharing panel of `client` as `viewer` sees it; `None` when
    /// either is not in this company (or the client was deleted).
    pub fn panel(&self, viewer: UserId, client: ClientId) -> Option<Panel> {
        let (v, _) = self.user_rec(viewer)?;
        let c = self.client_dense(client)?;
        let hot = self.hot.get(c as usize)?;
        let has_access = self.may_open_dense(v, c, None);
        let can_share = self.can_share(viewer, client).allowed;
        let mut entries = vec![PanelEntry {
            subject: Subject::User(self.users.get(hot.owner as usize)?.id),
            owner: true,
            granted_by: None,
            granted_at: None,
            members: None,
        }];
        let list = self
            .shares
            .get(c as usize)
            .map_or(&[][..], |l| l.as_slice());
        let mut users = first_per_subject(list, |s| match s {
            DSubject::User(u) => Some(u),
            _ => None,
        });
        users.sort_unstable_by(|a, b| self.user_order.cmp_ids(a.0, b.0));
        let mut groups = first_per_subject(list, |s| match s {
            DSubject::Group(g) => Some(g),
            _ => None,
        });
        groups.sort_unstable_by(|a, b| self.group_order.cmp_ids(a.0, b.0));
        let company = first_per_subject(list, |s| (s == DSubject::Company).then_some(0));
        let grant = |s: &OpenShare| {
            if has_access {
                (s.granted_by, Some(s.granted_at))
            } else {
                (None, None)
            }
        };
        for (u, s) in users {
            let (granted_by, granted_at) = grant(s);
            entries.push(PanelEntry {
                subject: Subject::User(self.users.get(u as usize)?.id),
                owner: false,
                granted_by,
                granted_at,
                members: None,
            });
        }
        for (g, s) in groups {
            let (granted_by, granted_at) = grant(s);
            let rec = self.groups.get(g as usize)?;
            entries.push(PanelEntry {
                subject: Subject::Group(rec.id),
                owner: false,
                granted_by,
                granted_at,
                members: has_access
                    .then(|| self.users_by_name((&rec.members & &self.active).iter())),
            });
        }
        if has_access {
            for (_, s) in company {
                entries.push(PanelEntry {
                    subject: Subject::Company,
                    owner: false,
                    granted_by: s.granted_by,
                    granted_at: Some(s.granted_at),
                    members: None,
                });
            }
        }
        Some(Panel {
            viewer_has_access: has_access,
            can_share,
            entries,
        })
    }
}

/// For each subject `key` picks out, its earliest open share.
fn first_per_subject(
    list: &[OpenShare],
    key: impl Fn(DSubject) -> Option<u32>,
) -> Vec<(u32, &OpenShare)> {
    let mut out: Vec<(u32, &OpenShare)> = Vec::new();
    for s in list {
        let Some(k) = key(s.subject) else {
            continue;
        };
        match out.iter_mut().find(|(x, _)| *x == k) {
            Some(slot) if s.granted_at < slot.1.granted_at => slot.1 = s,
            Some(_) => {}
            None => out.push((k, s)),
        }
    }
    out
}

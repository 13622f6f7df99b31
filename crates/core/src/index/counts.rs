//! Counts for the pages that say what will change, in numbers: how many
//! clients a list holds (the clients list's total) and how many people can
//! open one or more clients (who loses access when they are deleted).

use roaring::RoaringBitmap;

use super::company::CompanyIndex;
use super::paging::name_contains;
use crate::ids::{ClientId, UserId};

impl CompanyIndex {
    /// How many live clients have a name containing `query`
    /// (case-insensitive, as [`CompanyIndex::client_list`] filters) and are
    /// kept by `keep(client, owner)`: the total of a list that
    /// `client_list` pages through.
    pub fn client_count(
        &self,
        query: Option<&str>,
        keep: impl Fn(ClientId, UserId) -> bool,
    ) -> usize {
        let needle = query.map(str::to_lowercase).filter(|q| !q.is_empty());
        self.client_order
            .iter_from(0)
            .filter(|&c| {
                needle.as_deref().is_none_or(|n| {
                    self.client_order
                        .name(c)
                        .is_some_and(|name| name_contains(name, n))
                })
            })
            .filter(|&c| {
                let id = self.client_ids.get(c as usize);
                let owner = self
                    .hot
                    .get(c as usize)
                    .and_then(|h| self.users.get(h.owner as usize));
                match (id, owner) {
                    (Some(id), Some(owner)) => keep(*id, owner.id),
                    _ => false,
                }
            })
            .count()
    }

    /// How many active staff members can open at least one of `clients`
    /// right now (each counted once): the people who lose access to them
    /// when they are deleted. Unknown and deleted clients count for nothing.
    pub fn reach(&self, clients: &[ClientId]) -> usize {
        let mut people = RoaringBitmap::new();
        for client in clients {
            if let Some(c) = self.client_dense(*client) {
                people |= self.users_with_access(c);
            }
        }
        usize::try_from(people.len()).unwrap_or(usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::super::testkit::World;
    use crate::model::{Role, Subject};

    #[test]
    fn reach_counts_each_person_once_as_users_for_lists_them() {
        let mut w = World::new();
        let admin = w.user("Ada", Role::Admin);
        let olga = w.user("Olga", Role::User);
        let bob = w.user("Bob", Role::User);
        let cy = w.user("Cy", Role::User);
        let _eve = w.user("Eve", Role::User);
        let a = w.client("Acme", olga);
        let b = w.client("Beta", olga);
        w.share(a, Subject::User(bob));
        let audit = w.group("Audit", &[cy, bob]);
        w.share(b, Subject::Group(audit));
        assert_eq!(w.ci().reach(&[a]), w.all_users_for(a).len());
        assert_eq!(w.ci().reach(&[a]), 3, "Ada, Olga, Bob");
        assert_eq!(w.ci().reach(&[a, b]), 4, "Cy joins; Bob once");
        let everyone = w.client("Open", admin);
        w.share(everyone, Subject::Company);
        assert_eq!(w.ci().reach(&[everyone]), 5);
        w.delete_client(a);
        assert_eq!(w.ci().reach(&[a]), 0, "a deleted client reaches nobody");
    }

    #[test]
    fn the_count_agrees_with_the_list() {
        let mut w = World::new();
        let olga = w.user("Olga", Role::User);
        let bob = w.user("Bob", Role::User);
        w.client("Acme Holding", olga);
        w.client("ACME Trading", bob);
        w.client("Initech", olga);
        let gone = w.client("Acme Gone", olga);
        w.delete_client(gone);
        let all = w.ci().client_list(olga, Some("acme"), None, 100).items;
        assert_eq!(all.len(), 2);
        assert_eq!(w.ci().client_count(Some("acme"), |_, _| true), 2);
        assert_eq!(w.ci().client_count(None, |_, _| true), 3);
        assert_eq!(w.ci().client_count(None, |_, owner| owner == bob), 1);
        assert_eq!(w.ci().client_count(Some(""), |_, _| true), 3);
    }
}

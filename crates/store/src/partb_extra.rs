//! Reads added for Part B's bulk operations and CSV export: every live client
//! of a company with its profile fields in one query, so an export of many
//! clients is not one round trip per client.

use casegate_core::{Client, ClientProfile, CompanyId};

use crate::rows;
use crate::{Result, Store};

impl Store {
    /// Every client of a company that is not deleted, with its profile fields
    /// (marketing opt-in, loyalty card, notes), in no particular order. The
    /// caller decides which of them a reader may see.
    pub async fn clients_with_profiles(
        &self,
        company: CompanyId,
    ) -> Result<Vec<(Client, ClientProfile)>> {
        let found = sqlx::query(&format!(
            "SELECT {}, {} FROM clients WHERE company_id = $1 AND deleted_at IS NULL",
            rows::CLIENT_COLS,
            rows::PROFILE_COLS
        ))
        .bind(company.to_string())
        .fetch_all(&self.pool)
        .await?;
        found
            .iter()
            .map(|row| Ok((rows::client(row)?, rows::profile(row)?)))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]

    use casegate_core::CompanyId;

    use crate::testing::sqlite_temp;

    #[tokio::test]
    async fn unknown_companies_have_no_clients() {
        let (store, _guard) = sqlite_temp().await;
        let none = store
            .clients_with_profiles(CompanyId::from_uuid(uuid::Uuid::now_v7()))
            .await
            .unwrap();
        assert!(none.is_empty());
    }
}

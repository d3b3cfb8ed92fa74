//! Cases made by `tongban gen` (no owner account, an applicant phone on
//! file), found in the database so that status lookups also hit the
//! generated data: a few per region, read through the region index so that
//! a million-case table is not scanned.

use sqlx::Row;

use crate::failure::Failure;

/// Cases taken from each region.
const PER_REGION: i64 = 3;

/// A generated case and the last four digits of its applicant's phone.
pub struct Lookup {
    /// The case number.
    pub case_no: String,
    /// What the public status lookup asks for.
    pub last4: String,
}

/// Up to `limit` cases without an owner account and with a phone, spread
/// over the regions; none on a database without generated data.
pub async fn cases(url: &str, limit: usize) -> Result<Vec<Lookup>, Failure> {
    let unavailable = |e: sqlx::Error| {
        Failure::new(
            format!("无法读取生成的办件：{e}"),
            "cannot read the generated cases",
        )
    };
    let pool = super::super::prepare::side_pool(url)
        .await
        .map_err(unavailable)?;
    let regions: Vec<String> = sqlx::query_scalar("SELECT DISTINCT region FROM cases")
        .fetch_all(&pool)
        .await
        .map_err(unavailable)?;
    let mut found = Vec::new();
    for region in regions {
        if found.len() >= limit {
            break;
        }
        let rows = sqlx::query(
            "SELECT case_no, phone FROM cases \
             WHERE region = $1 AND owner IS NULL AND phone IS NOT NULL LIMIT $2",
        )
        .bind(&region)
        .bind(PER_REGION)
        .fetch_all(&pool)
        .await
        .map_err(unavailable)?;
        for row in rows {
            let case_no: String = row.try_get("case_no").map_err(unavailable)?;
            let phone: String = row.try_get("phone").map_err(unavailable)?;
            if let Some(last4) = last4(&phone) {
                found.push(Lookup { case_no, last4 });
            }
        }
    }
    pool.close().await;
    found.truncate(limit);
    Ok(found)
}

/// The last four characters of a phone, when they are digits.
fn last4(phone: &str) -> Option<String> {
    let digits: Vec<char> = phone.trim().chars().collect();
    let tail = digits.get(digits.len().checked_sub(4)?..)?;
    tail.iter()
        .all(char::is_ascii_digit)
        .then(|| tail.iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_four_digits_are_taken_only_from_a_number() {
        assert_eq!(last4("13812345678").as_deref(), Some("5678"));
        assert_eq!(last4("567"), None);
        assert_eq!(last4("1381234567x"), None);
    }
}

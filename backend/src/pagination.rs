//! Cursor pagination with a cap on every list (security.md R-18): pages follow the row id
//! (keyset), so a page is stable under inserts and costs one indexed range scan.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::service_error::{ServiceError, ServiceResult};

/// Largest page any list returns.
pub const MAX_PAGE: u64 = 100;
/// Page size when the client does not say.
pub const DEFAULT_PAGE: u64 = 50;

/// A validated page request: at most [`MAX_PAGE`] items after an optional cursor.
#[derive(Debug, Clone, Copy)]
pub struct PageRequest {
    pub first: u64,
    pub after: Option<Uuid>,
}

impl PageRequest {
    /// Checks `first` (1 to [`MAX_PAGE`]) and decodes the cursor (an id from a previous page).
    pub fn new(first: Option<i32>, after: Option<&str>) -> ServiceResult<Self> {
        let first = match first {
            None => DEFAULT_PAGE,
            Some(n) if n >= 1 && i64::from(n) <= MAX_PAGE as i64 => n as u64,
            Some(n) => {
                return Err(ServiceError::invalid(
                    "first",
                    format!("{n} : entre 1 et {MAX_PAGE} éléments par page"),
                ));
            }
        };
        let after = match after {
            None => None,
            Some(text) => Some(
                Uuid::parse_str(text)
                    .map_err(|_| ServiceError::invalid("after", "curseur invalide"))?,
            ),
        };
        Ok(Self { first, after })
    }
}

/// One page of items and whether more follow.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub has_next: bool,
}

impl<T> Page<T> {
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> Page<U> {
        Page {
            items: self.items.into_iter().map(f).collect(),
            has_next: self.has_next,
        }
    }
}

/// Runs `query` ordered by `id`, after the cursor, one row more than asked to know if
/// another page follows.
pub async fn fetch<E, C>(
    db: &C,
    query: Select<E>,
    id: E::Column,
    page: PageRequest,
) -> ServiceResult<Page<E::Model>>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let mut query = query.order_by_asc(id).limit(page.first + 1);
    if let Some(after) = page.after {
        query = query.filter(id.gt(after));
    }
    let mut items = query.all(db).await?;
    let has_next = items.len() as u64 > page.first;
    items.truncate(page.first as usize);
    Ok(Page { items, has_next })
}

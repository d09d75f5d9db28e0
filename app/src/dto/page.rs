//! Paginated lists.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

impl<T> Page<T> {
    pub fn pages(&self) -> u64 {
        self.total.div_ceil(self.per_page.max(1)).max(1)
    }
}

/// `?page=&perPage=` with sane bounds.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema, utoipa::IntoParams))]
#[cfg_attr(feature = "ssr", into_params(parameter_in = Query))]
#[serde(rename_all = "camelCase")]
pub struct PageParams {
    /// 1-based page number (1 to 1,000,000; default 1).
    #[serde(default = "first_page")]
    pub page: u64,
    /// Items per page (1 to 100; default 20).
    #[serde(default = "default_per_page")]
    pub per_page: u64,
}

fn first_page() -> u64 {
    1
}

fn default_per_page() -> u64 {
    20
}

impl Default for PageParams {
    fn default() -> Self {
        Self { page: 1, per_page: 20 }
    }
}

impl PageParams {
    pub const MAX_PER_PAGE: u64 = 100;
    /// Far past any real list, and small enough that `(page - 1) * per_page` can never overflow
    /// an offset.
    pub const MAX_PAGE: u64 = 1_000_000;

    /// Pages are 1..=1,000,000 and hold 1..=100 items; anything else is refused (a 400 naming
    /// the field), never clamped into a surprise and never an overflowing offset.
    pub fn checked(self) -> Result<Self, (&'static str, String)> {
        if !(1..=Self::MAX_PAGE).contains(&self.page) {
            return Err(("page", format!("page must be between 1 and {}.", Self::MAX_PAGE)));
        }
        if !(1..=Self::MAX_PER_PAGE).contains(&self.per_page) {
            return Err((
                "perPage",
                format!("perPage must be between 1 and {}.", Self::MAX_PER_PAGE),
            ));
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_paging_is_refused() {
        let ok = PageParams { page: 3, per_page: 20 };
        assert_eq!(ok.checked().map(|p| p.page), Ok(3));
        for (page, per_page) in [(0, 20), (100_000_000_000_000_000, 20), (1, 0), (1, 101)] {
            assert!(PageParams { page, per_page }.checked().is_err(), "{page} {per_page}");
        }
    }
}

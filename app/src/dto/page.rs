//! Paginated lists.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
#[serde(rename_all = "camelCase")]
pub struct PageParams {
    #[serde(default = "first_page")]
    pub page: u64,
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

    /// Page numbers start at 1; page size is clamped to 1..=100.
    pub fn clamped(self) -> Self {
        Self { page: self.page.max(1), per_page: self.per_page.clamp(1, Self::MAX_PER_PAGE) }
    }
}

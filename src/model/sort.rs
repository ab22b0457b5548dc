//! How the portfolio table is sorted: a column and a direction.

/// Columns of the portfolio table that sort.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    /// Most urgent first (status, then days left).
    Urgency,
    /// By name (ID where there is none).
    Name,
    /// TTM now.
    Ttm,
    /// Secured revenue.
    Secured,
    /// Shortfall.
    Shortfall,
    /// Next evaluation.
    Evaluation,
}

/// Which way a column sorts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Smallest (or most urgent) first.
    Ascending,
    /// Largest first.
    Descending,
}

impl Direction {
    /// The other way.
    pub fn reversed(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }

    /// The value of `aria-sort` for a column sorted this way.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

/// The table's order: a column, and which way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sort {
    /// The column.
    pub key: SortKey,
    /// The direction.
    pub direction: Direction,
}

impl Default for Sort {
    /// Most urgent first.
    fn default() -> Sort {
        Sort { key: SortKey::Urgency, direction: Direction::Ascending }
    }
}

impl Sort {
    /// The order after a click on column `key`: the same column again
    /// reverses it, another sorts ascending by that column.
    pub fn by(self, key: SortKey) -> Sort {
        if self.key == key {
            Sort { key, direction: self.direction.reversed() }
        } else {
            Sort { key, direction: Direction::Ascending }
        }
    }

    /// `ordering` (of ascending order) in this direction.
    pub fn apply(self, ordering: std::cmp::Ordering) -> std::cmp::Ordering {
        match self.direction {
            Direction::Ascending => ordering,
            Direction::Descending => ordering.reverse(),
        }
    }
}

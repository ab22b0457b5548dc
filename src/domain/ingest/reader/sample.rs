//! D18: a table's first lines are sampled to decide how its numbers and
//! dates are written, and, for a table that is not Partner Center's, its
//! columns; the sampled lines are then read with what was decided.

use chrono::Datelike;

use super::{Fields, FileReader, Stage};
use crate::domain::dates::{decide_date_order, parse_date, DateOrder, OrderVote};
use crate::domain::ingest::account::Question;
use crate::domain::ingest::layout::{self, generic_plan, partner_center_plan, recognise, ColumnPlan, Role, Unmapped};
use crate::domain::ingest::records::Record;
use crate::domain::money::{decide_decimal_style, parse_amount, DecimalStyle, StyleVote};

/// How many lines of a table are looked at to decide its styles.
const SAMPLE_LINES: usize = 2_000;
/// Up to how many lines sampling goes on while the date order is undecided.
const SAMPLE_LINES_MAX: usize = 50_000;

/// A sampled line until the sample decides: its fields' trimmed texts in one
/// string and where each ends. Two allocations a line instead of one a field
/// (46 in a new-commerce invoice line): sampling 2,000 lines of each file was
/// a fifth of the CLI's time on twelve monthly files.
pub(crate) struct SampleRow {
    pub(crate) line: u64,
    text: String,
    ends: Vec<usize>,
}

impl SampleRow {
    pub(super) fn new<T: AsRef<str>>(line: u64, fields: impl IntoIterator<Item = T>) -> Self {
        let mut row = SampleRow { line, text: String::new(), ends: Vec::new() };
        for field in fields {
            row.text.push_str(field.as_ref());
            row.ends.push(row.text.len());
        }
        row
    }

    /// A record's fields as trimmed text (as [`Record::to_strings`]).
    pub(super) fn of_record(record: &Record<'_>) -> Self {
        SampleRow::new(record.line, (0..record.len()).map(|i| record.text(i)))
    }

    /// Number of fields.
    pub(super) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Field `i`, or `None` past the end.
    pub(super) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    /// Fields past the end, up to `width`, as empty ones.
    fn pad(&mut self, width: usize) {
        self.ends.resize(width.max(self.ends.len()), self.text.len());
    }

    /// Every field is empty.
    fn is_blank(&self) -> bool {
        self.text.is_empty()
    }

    /// A field holds a line break (a quote left open).
    fn spans_lines(&self) -> bool {
        self.text.contains('\n')
    }

    fn to_strings(&self) -> Vec<String> {
        (0..self.len()).map(|i| self.get(i).unwrap_or_default().to_owned()).collect()
    }
}

/// The rows as lists of strings, for what reads a table by its values.
fn strings(rows: &[SampleRow]) -> Vec<Vec<String>> {
    rows.iter().map(SampleRow::to_strings).collect()
}

/// Whether a sample of `n` lines is looked at for its styles: at 2,000
/// lines, then each time it has doubled (each look reads the whole sample),
/// and at the most sampling goes to.
pub(super) fn time_to_look(n: usize) -> bool {
    n >= SAMPLE_LINES_MAX || (n % SAMPLE_LINES == 0 && (n / SAMPLE_LINES).is_power_of_two())
}

impl FileReader {
    /// The plan of a sampled table: a Partner Center layout's, else the
    /// mapping found from the header (or given), else the roles missing.
    pub(super) fn sample_plan(
        &self,
        header: Option<&[String]>,
        rows: &[SampleRow],
        fixed: Option<&ColumnPlan>,
    ) -> Result<ColumnPlan, Vec<Unmapped>> {
        // JSON lines have no header line: their layout is known only now.
        let json_layout = if self.json_lines { header.and_then(recognise) } else { None };
        match (fixed, json_layout) {
            (Some(plan), _) => Ok(plan.clone()),
            (None, Some(layout)) => {
                let header = header.unwrap_or_default();
                partner_center_plan(layout, header, self.options.date_column.as_ref())
                    .or_else(|_| generic_plan(Some(header), header.len(), &self.options.mapping))
                    .map_err(roles)
            }
            (None, None) => {
                let width = header.map_or_else(|| rows.first().map_or(0, SampleRow::len), <[String]>::len);
                generic_plan(header, width, &self.options.mapping).or_else(|missing| {
                    // One tenant's table: a date or amount its header does
                    // not name is told by its values.
                    if self.options.mapping.tenant.is_none() {
                        return Err(roles(missing));
                    }
                    let mut mapping = self.options.mapping.clone();
                    mapping.fill_from_values(strings(rows).iter().map(Vec::as_slice));
                    generic_plan(header, width, &mapping).map_err(roles)
                })
            }
        }
    }

    /// How the sample's numbers and dates are written (D18), the user's
    /// answers first: the amount columns (with a new-commerce file's rate and
    /// pricing amount) vote on the decimal mark; the date that places a line,
    /// and in a Partner Center file every date column, on the date order.
    pub(super) fn sample_styles(&self, plan: &ColumnPlan, rows: &[SampleRow]) -> (StyleVote, OrderVote) {
        fn cell(row: &SampleRow, c: usize) -> &str {
            row.get(c).unwrap_or_default()
        }
        let style = match self.options.decimal_style {
            Some(style) => StyleVote::Decided(style),
            None => {
                let amounts: Vec<usize> = [Some(plan.amount), plan.pc_to_bc_rate, plan.pricing_amount].into_iter().flatten().collect();
                decide_decimal_style(rows.iter().flat_map(|r| amounts.iter().map(move |&c| cell(r, c))))
            }
        };
        let order = match self.options.date_order {
            Some(order) => OrderVote::Decided(order),
            None => {
                let dates = plan.date_columns();
                let values = || rows.iter().flat_map(|r| dates.iter().map(move |&c| cell(r, c))).filter(|v| !v.trim().is_empty());
                match decide_date_order(values()) {
                    // A monthly report's `Month` holds months: where one
                    // reading puts every value on a month's first day
                    // (`1/1/2025 … 12/1/2025`), that reading is the one.
                    OrderVote::Ambiguous(examples) if plan.layout == layout::Layout::MonthlyReport => {
                        let firsts = |order| values().all(|v| parse_date(v, order).is_ok_and(|d| d.day() == 1));
                        match (firsts(DateOrder::MonthFirst), firsts(DateOrder::DayFirst)) {
                            (true, false) => OrderVote::Decided(DateOrder::MonthFirst),
                            (false, true) => OrderVote::Decided(DateOrder::DayFirst),
                            _ => OrderVote::Ambiguous(examples),
                        }
                    }
                    vote => vote,
                }
            }
        };
        (style, order)
    }

    /// True when the sample settles the styles (or cannot be planned, or is
    /// as large as sampling goes).
    pub(super) fn sample_decides(&self) -> bool {
        let Stage::Sampling { header, rows, plan } = &self.stage else { return true };
        if rows.len() >= SAMPLE_LINES_MAX {
            return true;
        }
        match self.sample_plan(header.as_deref(), rows, plan.as_deref()) {
            Ok(plan) => matches!(self.sample_styles(&plan, rows), (StyleVote::Decided(_), order) if order.order().is_some()),
            Err(_) => true,
        }
    }

    /// Decides a table's plan and styles from the sample, then reads the
    /// sampled lines; or asks what the sample cannot settle.
    pub(super) fn decide_and_replay(&mut self) {
        let Stage::Sampling { header, mut rows, plan } = std::mem::replace(&mut self.stage, Stage::Waiting) else {
            return;
        };
        let width = header.as_ref().map_or_else(|| rows.first().map_or(0, SampleRow::len), Vec::len);
        if self.json_lines {
            // Keys met after a line are empty fields of it, as `null` is.
            for row in &mut rows {
                row.pad(width);
            }
            self.account.header = header.clone().unwrap_or_default();
        }
        let plan = match self.sample_plan(header.as_deref(), &rows, plan.as_deref()) {
            Ok(plan) => plan,
            Err(missing) => {
                self.account.layout = None;
                let shown = header.clone().unwrap_or_else(|| (1..=width).map(layout::unnamed_column).collect());
                self.account.questions.push(Question::MapColumns {
                    missing: missing.iter().map(|u| u.message().to_string()).collect(),
                    unmapped: missing,
                    suggested: {
                        // What the header names; a date or amount it does not
                        // name is suggested from the values, for the user to confirm.
                        let mut m = header.as_deref().map(layout::suggest_mapping).unwrap_or_default();
                        m.fill_from_values(strings(&rows).iter().map(Vec::as_slice));
                        m
                    },
                    no_reseller_column: header.as_deref().is_some_and(layout::partner_center_without_reseller),
                    header: shown,
                    preview: rows.iter().take(5).map(SampleRow::to_strings).collect(),
                });
                for row in &rows {
                    self.count_waiting(row.line, row.is_blank());
                }
                return;
            }
        };
        self.account.layout = Some(plan.layout);
        let (style, order) = self.sample_styles(&plan, &rows);
        if let OrderVote::Ambiguous(examples) = &order {
            self.account.questions.push(Question::DateOrder { column: plan.column_name(plan.date), examples: examples.clone() });
        }
        if let StyleVote::Ambiguous(examples) = &style {
            self.account.questions.push(Question::DecimalStyle { column: plan.column_name(plan.amount), examples: examples.clone() });
        }
        let (StyleVote::Decided(style), Some(order)) = (style, order.order()) else {
            for row in &rows {
                self.count_waiting(row.line, row.is_blank());
            }
            return;
        };
        self.begin_reading(plan, style, order);
        for row in rows {
            let field: &Fields<'_> = &|i| row.get(i);
            self.read_fields(row.line, field, &|| row.is_blank(), &|| row.spans_lines());
        }
    }
}

/// True when a first line holds a date and an amount: data, not a header.
pub(super) fn looks_like_data(fields: &[String]) -> bool {
    let has_date = fields.iter().any(|f| parse_date(f, DateOrder::MonthFirst).is_ok() || parse_date(f, DateOrder::DayFirst).is_ok());
    let has_amount = fields.iter().any(|f| {
        f.chars().any(|c| c.is_ascii_digit())
            && (parse_amount(f, DecimalStyle::Point).is_ok() || parse_amount(f, DecimalStyle::Comma).is_ok())
    });
    has_date && has_amount
}

/// Roles no column was found for, as what keeps a table unmapped.
fn roles(missing: Vec<Role>) -> Vec<Unmapped> {
    missing.into_iter().map(|role| Unmapped::Role { role }).collect()
}

#[cfg(test)]
mod tests {
    use super::SampleRow;

    #[test]
    fn a_sample_row_keeps_its_fields_apart() {
        let mut row = SampleRow::new(7, ["a", "", "b\nc"]);
        assert_eq!((row.line, row.len()), (7, 3));
        assert_eq!([row.get(0), row.get(1), row.get(2), row.get(3)], [Some("a"), Some(""), Some("b\nc"), None]);
        assert!(!row.is_blank() && row.spans_lines());
        row.pad(5);
        assert_eq!((row.len(), row.get(4)), (5, Some("")));
        row.pad(2);
        assert_eq!(row.to_strings(), ["a", "", "b\nc", "", ""]);
        let blank = SampleRow::new(1, ["", ""]);
        assert!(blank.is_blank() && !blank.spans_lines());
        assert_eq!(SampleRow::new(1, [""; 0]).len(), 0);
    }
}

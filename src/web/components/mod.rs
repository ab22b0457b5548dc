//! One component per file, named after what it shows (`PortfolioTable` ↔
//! `portfolio_table.rs` ↔ CSS block `.portfolio-table`).

pub mod assumptions_panel;
pub mod deferred;
pub mod export_buttons;
pub mod file_list;
pub mod input_panel;
pub mod lines_panel;
pub mod mapping_dialog;
pub mod own_check;
pub mod paste_area;
pub mod portfolio_outlook;
pub mod portfolio_table;
pub mod rates_panel;
pub mod reseller_detail;
pub mod revenue_chart;
pub mod status_badge;
pub mod status_summary;
pub mod style_question;
pub mod timeline;

/// An SVG coordinate or length, to a tenth (`12.5`, `-3`, `760`): written
/// without Rust's float formatter, whose shortest and fixed-precision
/// algorithms were 25 KB of the page's module for nothing else.
pub fn svg(v: f64) -> String {
    let tenths = (v * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let (whole, tenth) = (tenths.unsigned_abs() / 10, tenths.unsigned_abs() % 10);
    if tenth == 0 {
        format!("{sign}{whole}")
    } else {
        format!("{sign}{whole}.{tenth}")
    }
}

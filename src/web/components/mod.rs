//! One component per file, named after what it shows (`PortfolioTable` ↔
//! `portfolio_table.rs` ↔ CSS block `.portfolio-table`).

pub mod assumptions_panel;
pub mod export_buttons;
pub mod file_list;
pub mod input_panel;
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

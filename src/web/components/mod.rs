//! One component per file, named after what it shows.

pub mod paste_area;

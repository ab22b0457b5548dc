//! Writes a generated invoice reconciliation file to stdout:
//! `cargo run --release --example gen-invoice -- MB [RESELLERS] [--jsonl | --real-looking] > recon.csv`
//! (`--jsonl`: the same lines as JSON lines, as the Graph export's blobs;
//! `--real-looking`: the columns as real downloads fill them, names and
//! products of every kind and width).

use std::io::Write;

#[path = "generate.rs"]
mod generate;

fn main() {
    let jsonl = std::env::args().any(|a| a == "--jsonl");
    let real_looking = std::env::args().any(|a| a == "--real-looking");
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with("--"));
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(250);
    let resellers: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(400);
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    // In 64 MB pieces, so memory stays small whatever the size.
    let piece = 64usize << 20;
    let mut written = 0usize;
    let mut first = true;
    while written < mb << 20 {
        // Room for the header that later pieces drop, so each adds lines.
        let want = piece.min((mb << 20) - written) + 1024;
        let mut bytes = if jsonl {
            generate::invoice_jsonl(want, resellers)
        } else if real_looking {
            generate::invoice_file_real_looking(want, resellers)
        } else {
            generate::invoice_file(want, resellers)
        };
        if !first && !jsonl {
            // Drop the BOM and header of later pieces.
            let header_end = bytes.iter().position(|&b| b == b'\n').map_or(0, |p| p + 1);
            bytes.drain(..header_end);
        }
        first = false;
        written += bytes.len();
        if out.write_all(&bytes).is_err() {
            std::process::exit(1);
        }
    }
}

//! `ttm-check`: the native command line. See `ttm_check::cli`.

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let today = chrono::Local::now().date_naive();
    let stdout = std::io::stdout();
    match ttm_check::cli::run(&args, today, &mut stdout.lock()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) if f.code == 0 => {
            println!("{}", f.message);
            ExitCode::SUCCESS
        }
        Err(f) => {
            eprintln!("ttm-check: {}", f.message);
            ExitCode::from(u8::try_from(f.code).unwrap_or(1))
        }
    }
}

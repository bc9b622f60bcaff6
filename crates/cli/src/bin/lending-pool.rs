//! `lending-pool`: see `lending-pool --help`.
use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    match lending_pool_cli::run(lending_pool_cli::Cli::parse()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

//! `liquidator`: the reference liquidator bot. Every interval it lists each watched pool's
//! positions (getProgramAccounts), prices them from the oracle accounts as the program
//! would, liquidates or settles what pays, most valuable first, and marks the shortfalls it
//! left (`mark_shortfall`), so LP exits are priced net of them. Settings come from flags,
//! `LIQUIDATOR_*` variables or a TOML file (`--config-file`); see the README's operator
//! section for metrics, health endpoints and shutdown.
use lending_pool_cli::bot::{
    service::Service,
    settings::{LogFormat, Settings},
};
use std::{io::IsTerminal, process::ExitCode};
use tracing_subscriber::EnvFilter;

fn main() -> ExitCode {
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("liquidator: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    // the bot's own variable, not RUST_LOG: the filter is one of its settings
    let filter = EnvFilter::try_new(settings.log.as_deref().unwrap_or("info"))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stdout)
        .with_target(false);
    match settings.log_format.unwrap_or_default() {
        LogFormat::Json => logs.json().flatten_event(true).init(),
        LogFormat::Text => logs.with_ansi(std::io::stdout().is_terminal()).init(),
    }
    match Service::new(settings).and_then(Service::run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("liquidator: {e:#}");
            eprintln!("liquidator: {e:#}");
            ExitCode::FAILURE
        }
    }
}

//! `liquidator`: the reference liquidator bot. Every interval it lists each watched pool's
//! positions (getProgramAccounts), prices them from the oracle accounts as the program
//! would, liquidates or settles what pays, most valuable first, and marks the shortfalls it
//! left (`mark_shortfall`), so LP exits are priced net of them. Settings come from flags,
//! `LIQUIDATOR_*` variables or a TOML file (`--config-file`); docs/guides/operator.md has
//! them, and the metrics, health endpoints and shutdown.
use lending_pool_bot::{
    service::Service,
    settings::{LogFormat, Settings},
};
use lending_pool_service::logs;
use std::process::ExitCode;

fn main() -> ExitCode {
    let settings = match Settings::load() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("liquidator: {e:#}");
            return ExitCode::FAILURE;
        }
    };
    // the bot's own variable, not RUST_LOG: the filter is one of its settings
    let format = match settings.log_format.unwrap_or_default() {
        LogFormat::Json => logs::Format::Json,
        LogFormat::Text => logs::Format::Text,
    };
    logs::init(
        settings.log.as_deref().unwrap_or("info"),
        format,
        logs::Stream::Stdout,
    );
    match Service::new(settings).and_then(Service::run) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("liquidator: {e:#}");
            eprintln!("liquidator: {e:#}");
            ExitCode::FAILURE
        }
    }
}

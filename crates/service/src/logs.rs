//! One log subscriber for every process: `filter` is the process's own setting (an
//! `EnvFilter` directive such as `info` or `lending_pool_indexer=debug`; an invalid one
//! falls back to `info`), lines go to `writer`'s stream, as text (coloured on a terminal)
//! or as JSON lines for a log pipeline.
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    #[default]
    Text,
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Stdout,
    Stderr,
}

pub fn init(filter: &str, format: Format, stream: Stream) {
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
    let terminal = match stream {
        Stream::Stdout => std::io::stdout().is_terminal(),
        Stream::Stderr => std::io::stderr().is_terminal(),
    };
    let make_writer = move || -> Box<dyn std::io::Write> {
        match stream {
            Stream::Stdout => Box::new(std::io::stdout()),
            Stream::Stderr => Box::new(std::io::stderr()),
        }
    };
    let logs = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(make_writer)
        .with_target(false);
    match format {
        Format::Json => logs.json().flatten_event(true).init(),
        Format::Text => logs.with_ansi(terminal).init(),
    }
}

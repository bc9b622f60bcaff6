//! The terminal's progress bar for long commands: done of total, the rate and the time
//! left. Drawn on stderr only when it is a terminal, so logs and pipes stay clean.
use indicatif::{ProgressBar, ProgressStyle};

/// A bar of `len` `what`s (hidden when `quiet`).
pub fn bar(len: u64, quiet: bool, what: &str) -> ProgressBar {
    if quiet {
        return ProgressBar::hidden();
    }
    let b = ProgressBar::new(len);
    b.set_style(
        ProgressStyle::with_template(&format!(
            "{{elapsed_precise}} [{{bar:40}}] {{pos}}/{{len}} {what}, {{per_sec}}, eta {{eta}}"
        ))
        .expect("progress template")
        .progress_chars("=> "),
    );
    b
}

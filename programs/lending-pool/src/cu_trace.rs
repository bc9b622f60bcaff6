//! `cu_trace!("label")` logs the label and the compute units left, on SBF builds with the
//! `cu-trace` feature; otherwise it compiles to nothing. Profiles (the per-part tables in
//! `docs/compute-units.md`) are the differences between consecutive probes, less a probe's
//! own cost (two probes in a row). Run with `LENDING_POOL_PRINT_LOGS=1` to see them.

#[macro_export]
macro_rules! cu_trace {
    ($label:literal) => {
        #[cfg(all(feature = "cu-trace", target_os = "solana"))]
        {
            ::anchor_lang::prelude::msg!($label);
            // SAFETY: a syscall without arguments or memory access
            unsafe { $crate::cu_trace::sol_log_compute_units_() };
        }
    };
}

#[cfg(all(feature = "cu-trace", target_os = "solana"))]
extern "C" {
    pub fn sol_log_compute_units_();
}

//! Independent runs on a few threads, one current-thread tokio runtime (and so one bank at
//! a time) per thread: the Monte Carlo's seeds and a sweep's grid points.
use std::sync::{
    atomic::{AtomicUsize, Ordering},
    Mutex,
};

/// What a thread runs for one index.
pub type Task<'a, T> = &'a (dyn Fn(&tokio::runtime::Runtime, usize) -> Result<T, String> + Sync);

/// Runs `task(i)` for every `i` in `0..n` on `jobs` threads and returns the results in index
/// order (the first error if any failed); `done` is called after each with the count so far.
pub fn run_indexed<T: Send>(
    n: usize,
    jobs: usize,
    task: Task<'_, T>,
    done: &(dyn Fn(usize) + Sync),
) -> Result<Vec<T>, String> {
    // banks read SBF_OUT_DIR; set it once here, before any thread exists
    if std::env::var_os("SBF_OUT_DIR").is_none() {
        // SAFETY: no other thread of this process is running yet
        unsafe { std::env::set_var("SBF_OUT_DIR", lending_pool_testkit::default_sbf_out_dir()) };
    }
    let next = AtomicUsize::new(0);
    let finished = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<T, String>>>> = Mutex::new((0..n).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..jobs.max(1).min(n.max(1)) {
            scope.spawn(|| {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("tokio runtime");
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= n {
                        break;
                    }
                    let r = task(&rt, i);
                    results.lock().expect("results")[i] = Some(r);
                    done(finished.fetch_add(1, Ordering::Relaxed) + 1);
                }
            });
        }
    });
    results
        .into_inner()
        .expect("results")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("run did not finish".into())))
        .collect()
}

//! `preview_mark` (a view): what a mark would record and do to the exit price.
use crate::support::*;
use lending_pool::errors::LendingError;
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// The view of an underwater, unmarked position says what a mark would record (the whole
/// loss, uncovered: there is no insurance) and the exit assets it would leave; it writes
/// nothing, the mark then records exactly that, and without the held slot's oracle the view
/// is refused as the mark would be.
#[tokio::test]
async fn preview_mark_says_what_a_mark_would_do_and_writes_nothing() {
    let (mut bank, fx) = sol_pool(no_fee(), 10_000 * USDC).await;
    let bank = &mut bank;
    let b = underwater(bank, &fx).await;
    let (pool0, pos0) = (
        bank.account_data(&fx.addrs.pool).await,
        bank.account_data(&b.position).await,
    );
    let p = fx.preview_mark(bank, &b).await;
    // 1,100 − 500 / 1.05, rounded against the LPs
    assert_eq!((p.mark, p.shortfall), (0, 623_809_524));
    assert_eq!((p.insurance.gross, p.uncovered_shortfall), (0, p.shortfall));
    assert_eq!(p.lp_assets, 10_000 * USDC);
    assert_eq!(p.exit_lp_assets, p.lp_assets - p.shortfall);
    assert_eq!(bank.account_data(&fx.addrs.pool).await, pool0);
    assert_eq!(bank.account_data(&b.position).await, pos0);
    assert_eq!(mark(bank, &fx, &b).await.shortfall_after, p.shortfall);
    let pool = fx.pool(bank).await;
    assert_eq!(pool.exit_lp_assets(0).unwrap(), p.exit_lp_assets);
    let no_oracles = ix::preview_mark(&fx.addrs, &b.position, &fx.base_oracle, &[]);
    assert_lending_err(
        bank.process(&[no_oracles], &[]).await,
        LendingError::OracleAccountsMismatch,
    );
}

//! An indexer that sees only the program's events reconstructs the pool's books exactly:
//! cash, total debt, pending insurance, the insurance ledger, LP supply, `lp_assets` and the
//! share price, after every transaction of a scenario that has them all; and (`stakes`,
//! `stakers`) every staker's insurance shares, the fund's value and shares, and the marks.
//! The replay is the SDK's (`lending_pool_sdk::replay`), the one the indexer runs: every
//! total an event reports is checked against it as it is applied.
mod stakers;
mod stakes;

use crate::support::*;
use lending_pool::events::*;
use lending_pool_sdk::{
    ix,
    program_events::ProgramEvent,
    replay::{ChainBooks, PoolReplay},
};
use lending_pool_testkit::*;

/// Applies every event of `out`, in order; a divergence fails the test with its message.
pub(super) fn apply(replay: &mut PoolReplay, out: &TxOutcome) {
    for bytes in out.event_payloads() {
        let event = ProgramEvent::decode(&bytes).expect("an event of the program");
        replay.apply(&event).unwrap_or_else(|d| panic!("{d}"));
    }
}

/// The pool's accounts and token amounts, as the indexer reads them.
pub(super) async fn chain_books(bank: &mut Bank, fx: &PoolFixture) -> ChainBooks {
    ChainBooks {
        pool: fx.pool(bank).await,
        fund: fx.insurance(bank).await,
        lp_supply: bank.mint_supply(&fx.addrs.lp_mint).await,
        base_vault: bank.token_balance(&fx.addrs.base_vault).await,
        insurance_vault: bank.token_balance(&fx.addrs.insurance_vault).await,
    }
}

/// The replay equals the chain to the unit (and the vaults hold exactly the books: nobody
/// sends tokens to them directly in these scenarios).
pub(super) async fn assert_matches_chain(replay: &PoolReplay, bank: &mut Bank, fx: &PoolFixture) {
    let chain = chain_books(bank, fx).await;
    assert_eq!(replay.chain_divergences(&chain), vec![]);
    assert_eq!(chain.base_vault, replay.books.cash);
    assert_eq!(chain.insurance_vault, replay.books.insurance_ledger);
}

#[tokio::test]
async fn an_indexer_replaying_events_reconstructs_the_books() {
    let mut chain = Bank::start().await;
    let bank = &mut chain;
    let mut fx = PoolFixture::new(bank, DECIMALS, lending_pool::state::PoolConfig::example()).await;
    fx.add_collateral(bank, 9, SOL_PRICE, sol_params()).await;
    let fx = &fx;
    let mut replay = PoolReplay::default();

    // every transaction's events are replayed, then the replay is compared with the chain
    macro_rules! step {
        ($tx:expr) => {{
            let out = $tx;
            apply(&mut replay, &out);
            assert_matches_chain(&replay, bank, fx).await;
            out
        }};
    }
    let lp1 = fx.user(bank, 60_000 * USDC).await;
    let lp2 = fx.user(bank, 40_049 * USDC).await;
    step!(
        bank.ok(&[fx.deposit_ix(&lp1, 60_000 * USDC, 0)], &[&lp1.key])
            .await
    );
    step!(
        bank.ok(&[fx.deposit_ix(&lp2, 39_999 * USDC, 0)], &[&lp2.key])
            .await
    );
    step!(
        bank.ok(&[fx.fund_insurance_ix(&lp2, 50 * USDC)], &[&lp2.key])
            .await
    );
    let b1 = fx.borrower(bank, 0, &[10 * SOL]).await;
    let b2 = fx.borrower(bank, 0, &[100 * SOL]).await;
    for (b, held, amount) in [
        (&b1, 10 * SOL, 1_100 * USDC),
        (&b2, 100 * SOL, 9_000 * USDC),
    ] {
        step!(
            bank.ok(&[fx.deposit_collateral_ix(b, 0, held)], &[&b.key])
                .await
        );
        let ix = fx.borrow_ix(bank, b, amount).await;
        step!(bank.ok(&[ix], &[&b.key]).await);
    }

    // months of interest, a sweep, a partial repayment, a withdrawal
    bank.warp(60 * 86_400).await;
    step!(bank.ok(&[ix::accrue_interest(&fx.addrs.pool)], &[]).await);
    step!(bank.ok(&[ix::sweep_insurance(&fx.addrs)], &[]).await);
    bank.warp(86_400).await;
    step!(bank.ok(&[fx.repay_ix(&b2, 3_333 * USDC)], &[&b2.key]).await);
    step!(
        bank.ok(
            &[fx.withdraw_ix(&lp1, 10_000 * USDC, u64::MAX)],
            &[&lp1.key]
        )
        .await
    );

    // the crash: b1 is liquidated to zero and its bad debt settled in the same instruction
    fx.set_prices(bank, &[50 * DOLLAR]).await;
    let liq = fx.user(bank, 10_000 * USDC).await;
    let liq_sol = bank
        .create_token_account(&fx.collaterals[0].mint, &liq.key.pubkey())
        .await;
    let ix = fx
        .liquidate_ix(
            bank,
            &b1,
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    let out = step!(bank.ok(&[ix], &[&liq.key]).await);
    assert_eq!(out.events::<BadDebtSettled>().len(), 1);
    // b2 at $50: 100 SOL ($5,000) against ~5,750: underwater, liquidated in full
    let ix = fx
        .liquidate_ix(
            bank,
            &b2,
            &liq.key.pubkey(),
            &liq.base,
            &liq_sol,
            0,
            u64::MAX,
            0,
        )
        .await;
    step!(bank.ok(&[ix], &[&liq.key]).await);
    let shares = bank.token_balance(&lp2.lp).await;
    step!(
        bank.ok(&[fx.redeem_ix(&lp2, shares / 2, 0)], &[&lp2.key])
            .await
    );

    assert!(replay.books.settlements >= 1 && replay.books.total_socialized > 0);
}

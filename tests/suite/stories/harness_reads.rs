//! The harness's `Bank` keeps account reads (the simulator's throughput depends on it): a
//! kept read must always equal a fresh read from the bank, after successful and failed
//! transactions, direct writes and clock warps.
use crate::support::setup;
use anchor_lang::prelude::Pubkey;
use lending_pool_testkit::Bank;

/// The account's data read through the bank client, past the harness's kept reads.
async fn fresh(bank: &mut Bank, key: &Pubkey) -> Option<Vec<u8>> {
    let account = bank.ctx().banks_client.get_account(*key).await.unwrap();
    account.map(|a| a.data)
}

async fn assert_current(bank: &mut Bank, keys: &[Pubkey]) {
    for key in keys {
        let kept = bank.account_data(key).await;
        assert_eq!(kept, fresh(bank, key).await, "{key}");
    }
}

#[tokio::test(flavor = "current_thread")]
async fn kept_reads_follow_every_change() {
    let (mut bank, fx) = setup().await;
    let lp = fx.user(&mut bank, 1_000_000).await;
    let watched = [
        lp.base,
        lp.lp,
        fx.addrs.pool,
        fx.addrs.base_vault,
        fx.addrs.lp_mint,
        fx.base_oracle,
    ];
    assert_current(&mut bank, &watched).await;
    assert_eq!(bank.token_balance(&lp.base).await, 1_000_000);

    // a successful transaction changes what it lists
    bank.ok(&[fx.deposit_ix(&lp, 400_000, 0)], &[&lp.key]).await;
    assert_eq!(bank.token_balance(&lp.base).await, 600_000);
    assert_eq!(bank.token_balance(&fx.addrs.base_vault).await, 400_000);
    assert_current(&mut bank, &watched).await;

    // a failed one changes nothing the reads would miss
    let failed = bank.process(&[fx.deposit_ix(&lp, 0, 0)], &[&lp.key]).await;
    assert!(failed.is_err());
    assert_current(&mut bank, &watched).await;

    // a direct write (an oracle update) and a warp
    let before = bank.account_data(&fx.base_oracle).await;
    fx.set_prices(&mut bank, &[]).await;
    bank.warp(3_600).await;
    fx.set_prices(&mut bank, &[]).await;
    assert_ne!(bank.account_data(&fx.base_oracle).await, before);
    assert_current(&mut bank, &watched).await;

    // an address without an account is read as absent, then as created
    let fresh_key = Pubkey::new_unique();
    assert_eq!(bank.account_data(&fresh_key).await, None);
    bank.airdrop(&fresh_key, 1_000_000_000).await;
    assert_eq!(bank.account_data(&fresh_key).await, Some(vec![]));
    assert_current(&mut bank, &[fresh_key]).await;
}

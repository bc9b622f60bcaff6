//! The scripted demo: a pool on an in-process validator running the SBF program.
//! Creates a pool, has two LPs deposit, funds the insurance fund, withdraws, and prints the
//! pool's books after each step.
use lending_pool::{
    constants::WAD,
    events::{LpDeposited, LpWithdrawn},
    state::PoolConfig,
};
use lending_pool_testkit::{Bank, PoolFixture, Signer, User};

const UNIT: u64 = 1_000_000; // 6 decimals

fn tokens(units: u64) -> String {
    format!("{}.{:06}", units / UNIT, units % UNIT)
}

async fn show(bank: &mut Bank, fx: &PoolFixture, step: &str) {
    let pool = fx.pool(bank).await;
    let fund = fx.insurance(bank).await;
    let supply = bank.mint_supply(&fx.addrs.lp_mint).await;
    let vault = bank.token_balance(&fx.addrs.base_vault).await;
    let price = pool.share_price_wad(supply).expect("price");
    println!("\n== {step}");
    println!("  cash            {:>22}", tokens(pool.cash));
    println!(
        "  total debt      {:>22}",
        tokens(pool.total_debt().expect("debt"))
    );
    println!(
        "  lp_assets       {:>22}",
        tokens(pool.lp_assets().expect("lp_assets"))
    );
    println!(
        "  LP supply       {:>22} (LP units, {} decimals)",
        supply, fx.decimals
    );
    println!(
        "  share price     {:>22} base tokens per LP token (WAD {price})",
        format!("{:.6}", price as f64 * 1000.0 / WAD as f64)
    );
    println!("  base vault      {:>22}", tokens(vault));
    println!(
        "  insurance fund  {:>22}",
        tokens(fund.balance().expect("ledger"))
    );
    fx.assert_books(bank).await;
}

#[tokio::main]
async fn main() {
    let mut bank = Bank::start().await;
    let fx = PoolFixture::new(&mut bank, 6, PoolConfig::example()).await;
    println!("pool {} on base mint {}", fx.addrs.pool, fx.addrs.base_mint);
    println!(
        "  admin {}  guardian {}",
        fx.admin.pubkey(),
        fx.guardian.pubkey()
    );
    show(&mut bank, &fx, "init_pool").await;
    let (alice, bob) = deposits(&mut bank, &fx).await;
    donation(&mut bank, &fx, &bob).await;
    exits(&mut bank, &fx, &alice, &bob).await;
    println!("\nbooks reconcile: base vault >= cash, insurance vault >= ledger");
}

/// Two LPs, alice and bob, each deposit.
async fn deposits(bank: &mut Bank, fx: &PoolFixture) -> (User, User) {
    let alice = fx.user(bank, 10_000 * UNIT).await;
    let bob = fx.user(bank, 3_000 * UNIT).await;
    for (name, who, amount) in [
        ("alice", &alice, 10_000 * UNIT),
        ("bob", &bob, 2_500 * UNIT),
    ] {
        let out = bank.ok(&[fx.deposit_ix(who, amount, 0)], &[&who.key]).await;
        let ev: LpDeposited = out.event();
        show(
            bank,
            fx,
            &format!(
                "{name} deposits {} -> {} LP units ({} CU)",
                tokens(ev.assets),
                ev.shares,
                out.compute_units
            ),
        )
        .await;
    }
    (alice, bob)
}

/// Bob donates to the insurance fund.
async fn donation(bank: &mut Bank, fx: &PoolFixture, bob: &User) {
    let out = bank
        .ok(&[fx.fund_insurance_ix(bob, 500 * UNIT)], &[&bob.key])
        .await;
    show(
        bank,
        fx,
        &format!(
            "bob donates {} to the insurance fund ({} CU)",
            tokens(500 * UNIT),
            out.compute_units
        ),
    )
    .await;
}

/// Alice withdraws part of her deposit; bob redeems all his shares.
async fn exits(bank: &mut Bank, fx: &PoolFixture, alice: &User, bob: &User) {
    let out = bank
        .ok(
            &[fx.withdraw_ix(alice, 4_000 * UNIT, u64::MAX)],
            &[&alice.key],
        )
        .await;
    let ev: LpWithdrawn = out.event();
    show(
        bank,
        fx,
        &format!(
            "alice withdraws {} burning {} LP units ({} CU)",
            tokens(ev.assets),
            ev.shares,
            out.compute_units
        ),
    )
    .await;

    let shares = bank.token_balance(&bob.lp).await;
    let out = bank.ok(&[fx.redeem_ix(bob, shares, 0)], &[&bob.key]).await;
    let ev: LpWithdrawn = out.event();
    show(
        bank,
        fx,
        &format!(
            "bob redeems all {} LP units for {} ({} CU)",
            ev.shares,
            tokens(ev.assets),
            out.compute_units
        ),
    )
    .await;
}

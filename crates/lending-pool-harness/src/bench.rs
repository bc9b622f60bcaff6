//! Compute units of every instruction on the SBF binary, measured in one scripted run.
use crate::{Bank, PoolFixture, Signer};
use lending_pool::{constants::pause, state::PoolConfig};
use lending_pool_sdk::ix;

/// One measured instruction.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub instruction: &'static str,
    pub scenario: &'static str,
    pub compute_units: u64,
    /// Ceiling the issues set for this instruction, if any.
    pub budget: Option<u64>,
}

/// Runs every instruction once (twice where the first call differs) and records its CU.
pub async fn measure_all() -> Vec<Measurement> {
    let mut bank = Bank::start().await;
    let mut out = Vec::new();
    let mut rec = |instruction, scenario, compute_units, budget| {
        out.push(Measurement { instruction, scenario, compute_units, budget })
    };

    let admin = bank.keypair();
    bank.airdrop(&admin.pubkey(), 1_000_000_000).await;
    let mint_authority = bank.keypair();
    let base_mint = bank.create_mint(&mint_authority.pubkey(), 6).await;
    let addrs = lending_pool_sdk::PoolAddresses::derive(&base_mint, &admin.pubkey());
    let guardian = bank.keypair();
    let r = bank.ok(&[ix::init_pool(&addrs, &guardian.pubkey(), PoolConfig::example())], &[&admin]).await;
    rec("init_pool", "creates pool, 2 vaults, LP mint, insurance fund", r.compute_units, None);
    let fx = PoolFixture { addrs, admin, guardian, mint_authority, decimals: 6 };

    let alice = fx.user(&mut bank, 10_000_000_000).await;
    let r = bank.ok(&[fx.deposit_ix(&alice, 5_000_000_000, 0)], &[&alice.key]).await;
    rec("deposit", "first deposit (empty pool)", r.compute_units, Some(25_000));
    let r = bank.ok(&[fx.deposit_ix(&alice, 1_234_567, 0)], &[&alice.key]).await;
    rec("deposit", "later deposit", r.compute_units, Some(25_000));
    let r = bank.ok(&[fx.withdraw_ix(&alice, 1_000_000, u64::MAX)], &[&alice.key]).await;
    rec("withdraw", "exact assets out", r.compute_units, Some(25_000));
    let r = bank.ok(&[fx.redeem_ix(&alice, 1_000_000_000, 0)], &[&alice.key]).await;
    rec("redeem", "exact shares in", r.compute_units, Some(25_000));
    let r = bank.ok(&[fx.fund_insurance_ix(&alice, 1_000_000)], &[&alice.key]).await;
    rec("fund_insurance", "donation", r.compute_units, None);

    let pool = fx.addrs.pool;
    let config = PoolConfig { deposit_cap: 1 << 60, ..PoolConfig::example() };
    let r = bank.ok(&[ix::update_config(&pool, &fx.admin.pubkey(), config)], &[&fx.admin]).await;
    rec("update_config", "admin", r.compute_units, None);
    let r = bank.ok(&[ix::set_pause(&pool, &fx.guardian.pubkey(), pause::BORROW)], &[&fx.guardian]).await;
    rec("set_pause", "guardian", r.compute_units, None);
    let new_guardian = bank.keypair();
    let r = bank.ok(&[ix::set_guardian(&pool, &fx.admin.pubkey(), &new_guardian.pubkey())], &[&fx.admin]).await;
    rec("set_guardian", "admin", r.compute_units, None);
    let new_admin = bank.keypair();
    let r = bank.ok(&[ix::transfer_admin(&pool, &fx.admin.pubkey(), &new_admin.pubkey())], &[&fx.admin]).await;
    rec("transfer_admin", "propose", r.compute_units, None);
    let r = bank.ok(&[ix::accept_admin(&pool, &new_admin.pubkey())], &[&new_admin]).await;
    rec("accept_admin", "accept", r.compute_units, None);
    out
}

/// The Markdown table committed as `docs/compute-units.md`.
pub fn render_markdown(rows: &[Measurement]) -> String {
    let mut s = String::from(
        "# Compute units\n\n\
         Measured on the SBF binary (`target/deploy/lending_pool.so`) in solana-program-test by\n\
         `cargo run -p lending-pool-harness --bin cu-bench` (see README). Units are what the\n\
         transaction consumed, CPIs into the SPL Token and System programs included. Builds\n\
         from the offline toolchain (`../shared/sbf`) and from platform-tools differ slightly.\n\n\
         | instruction | scenario | compute units | budget |\n|---|---|---:|---:|\n",
    );
    for m in rows {
        let budget = m.budget.map_or("".to_string(), |b| format!("< {b}"));
        s.push_str(&format!("| `{}` | {} | {} | {} |\n", m.instruction, m.scenario, m.compute_units, budget));
    }
    s
}

//! Liquidations and the crash they follow: the one-borrower crash fixture the waterfall and
//! liquidation tests share, a borrower of 1,100 USDC against 10 SOL who goes underwater when
//! SOL falls to $50, and the accounts a liquidation can write.
use super::pools::*;
use anchor_lang::{prelude::Pubkey, AnchorDeserialize};
use lending_pool::state::{PoolConfig, Settlement};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

/// 10 SOL at $150 against 1,100 USDC; at $50 the collateral repays 500 / 1.05 of it.
pub const HELD: u64 = 10 * SOL;
pub const BORROWED: u64 = 1_100 * USDC;
pub const CRASHED: i64 = 50 * DOLLAR;

/// `liq` liquidates `b`'s collateral `slot`, offering to repay `repay`.
pub async fn liquidate(
    bank: &mut Bank,
    fx: &PoolFixture,
    liq: &Liquidator,
    b: &Borrower,
    slot: u8,
    repay: u64,
    min_out: u64,
) -> TxResult {
    let ix = fx.liquidate_by_ix(bank, liq, b, slot, repay, min_out).await;
    bank.process(&[ix], &[&liq.user.key]).await
}

/// `liq` liquidates `b`'s slot `slot`, offering to repay everything (the policy clamps it).
pub async fn liquidate_slot(
    bank: &mut Bank,
    fx: &PoolFixture,
    liq: &Liquidator,
    b: &Borrower,
    slot: u8,
) -> TxResult {
    liquidate(bank, fx, liq, b, slot, u64::MAX, 0).await
}

/// Every account a liquidation of `b` by `liq` can write (to show a refused one wrote none).
pub fn watched(fx: &PoolFixture, b: &Borrower, liq: &Liquidator) -> Vec<Pubkey> {
    let a = &fx.addrs;
    let mut keys = vec![
        a.pool,
        a.base_vault,
        a.lp_mint,
        a.insurance_fund,
        a.insurance_vault,
        b.position,
        liq.user.base,
    ];
    keys.extend(fx.collaterals.iter().map(|c| c.vault));
    keys.extend(&liq.collateral);
    keys
}

/// The raw data of `keys`, to compare before and after a transaction that must fail.
pub async fn accounts(bank: &mut Bank, keys: &[Pubkey]) -> Vec<Option<Vec<u8>>> {
    let mut data = vec![];
    for k in keys {
        data.push(bank.account_data(k).await);
    }
    data
}

/// What `crash_setup` leaves: the bank, the pool, its LP, the borrower and a liquidator.
pub struct Crash {
    pub bank: Bank,
    pub fx: PoolFixture,
    pub lp: User,
    pub b: Borrower,
    pub liq: Liquidator,
}

/// `liquidity` USDC from one LP, `insurance` USDC donated to the fund, and a borrower with
/// 10 SOL at $150 who borrowed 1,100 USDC (conservative limit ≈ 1,123.9).
pub async fn crash_setup(liquidity: u64, insurance: u64) -> Crash {
    crash_setup_with(liquidity, insurance, PoolConfig::example()).await
}

pub async fn crash_setup_with(liquidity: u64, insurance: u64, config: PoolConfig) -> Crash {
    let mut bank = Bank::start().await;
    let mut fx = PoolFixture::new(&mut bank, DECIMALS, config).await;
    fx.add_collateral(&mut bank, 9, SOL_PRICE, sol_params())
        .await;
    let lp = fx.user(&mut bank, liquidity + insurance).await;
    bank.ok(&[fx.deposit_ix(&lp, liquidity, 0)], &[&lp.key])
        .await;
    if insurance > 0 {
        bank.ok(&[fx.fund_insurance_ix(&lp, insurance)], &[&lp.key])
            .await;
    }
    let b = fx.borrower(&mut bank, 0, &[10 * SOL]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, 10 * SOL)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(&mut bank, &b, 1_100 * USDC).await;
    bank.ok(&[ix], &[&b.key]).await;
    let liq = fx.liquidator(&mut bank, 100_000 * USDC).await;
    Crash {
        bank,
        fx,
        lp,
        b,
        liq,
    }
}

impl Crash {
    pub async fn set_sol_price(&mut self, dollars_e8: i64) {
        self.fx.set_prices(&mut self.bank, &[dollars_e8]).await;
    }

    pub async fn liquidate(&mut self, repay: u64, min_out: u64) -> TxResult {
        liquidate(
            &mut self.bank,
            &self.fx,
            &self.liq,
            &self.b,
            0,
            repay,
            min_out,
        )
        .await
    }

    pub async fn preview(&mut self) -> Settlement {
        let out = self
            .bank
            .ok(&[ix::preview_settle(&self.fx.addrs, &self.b.position)], &[])
            .await;
        Settlement::deserialize(&mut &out.return_data.expect("return data")[..]).unwrap()
    }
}

/// A borrower holding `HELD` SOL with `BORROWED` drawn at $150 (healthy).
pub async fn borrower(bank: &mut Bank, fx: &PoolFixture) -> Borrower {
    let b = fx.borrower(bank, 0, &[HELD]).await;
    bank.ok(&[fx.deposit_collateral_ix(&b, 0, HELD)], &[&b.key])
        .await;
    let ix = fx.borrow_ix(bank, &b, BORROWED).await;
    bank.ok(&[ix], &[&b.key]).await;
    b
}

/// `borrower`, then SOL crashes to `CRASHED`: the position is underwater.
pub async fn underwater(bank: &mut Bank, fx: &PoolFixture) -> Borrower {
    let b = borrower(bank, fx).await;
    fx.set_prices(bank, &[CRASHED]).await;
    b
}

/// A liquidator with plenty of base tokens.
pub async fn liquidator(bank: &mut Bank, fx: &PoolFixture) -> Liquidator {
    fx.liquidator(bank, 100_000 * USDC).await
}

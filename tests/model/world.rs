//! The model's world: the pool, fund and positions as the program keeps them, every token
//! balance around them, the ledgers the invariants are checked against, and its prices.
use super::setup::{
    ASSET, ASSETS, BORROWERS, BORROWER_WALLET, DOLLAR, DONOR_WALLET, LIQUIDATOR_WALLET, LPS,
    LP_WALLET, STAKERS, STAKER_WALLET, UNSTAKE_COOLDOWN_SECS,
};
use bytemuck::Zeroable;
use lending_pool::{constants::*, math::*, state::*};

#[derive(Clone)]
pub(super) struct World {
    pub(super) pool: Pool,
    pub(super) fund: InsuranceFund,
    pub(super) positions: [Position; BORROWERS],
    pub(super) stakes: [InsuranceStake; STAKERS],
    pub(super) now: i64,
    /// Spot prices of the collateral assets (expo -8); the base asset is at $1.
    pub(super) price: [i64; ASSETS],
    pub(super) base_vault: u64,
    pub(super) insurance_vault: u64,
    pub(super) collateral_vault: [u64; ASSETS],
    pub(super) lp_supply: u64,
    pub(super) lp_base: [u64; LPS],
    pub(super) lp_shares: [u64; LPS],
    pub(super) b_base: [u64; BORROWERS],
    pub(super) b_collateral: [[u64; ASSETS]; BORROWERS],
    pub(super) liquidator_base: u64,
    pub(super) liquidator_collateral: [u64; ASSETS],
    pub(super) donor_base: u64,
    pub(super) staker_base: [u64; STAKERS],
    /// Every base token in the model (conserved).
    pub(super) base_supply: u128,
    /// What LPs put in minus what they took out (base units).
    pub(super) lp_net_deposits: i128,
    /// Interest credited to LPs (after the reserve factor), losses written off them and
    /// what third parties gave them back (`recapitalize`).
    pub(super) lp_interest: i128,
    pub(super) lp_losses: i128,
    pub(super) lp_recovered: i128,
    /// All interest accrued, and the insurance fund's whole units of it.
    pub(super) interest: u128,
    pub(super) interest_to_insurance: u128,
    /// When each settlement wrote something off the LPs, and how much (the breaker's window).
    pub(super) write_offs: Vec<(i64, u64)>,
    /// Steps so far in this case: seeds the clearing paths' choice of slot.
    pub(super) steps: usize,
    /// Assets whose feed stopped: their price no longer loads (`OracleStale`).
    pub(super) feed_stopped: [bool; ASSETS],
    /// Each LP's pending exit request (its shares in escrow).
    pub(super) exits: [Option<ExitRequest>; LPS],
    /// Base tokens sent straight to the base vault (outside the program: not cash).
    pub(super) donated: u64,
    /// The settlement the current step booked, if any.
    pub(super) settlement: Option<Settlement>,
}

impl World {
    pub(super) fn new(liquidation_fee_bps: u16) -> Self {
        let mut pool = Pool::zeroed();
        pool.config = PoolConfig {
            deposit_cap: u64::MAX,
            borrow_cap: u64::MAX,
            liquidation_fee_bps,
            unstake_cooldown_secs: UNSTAKE_COOLDOWN_SECS,
            ..PoolConfig::example()
        };
        pool.config.validate().expect("a valid config");
        pool.borrow_index.set(WAD);
        pool.base_decimals = 6;
        pool.num_collaterals = ASSETS as u8;
        for (slot, a) in ASSET.iter().enumerate() {
            let params = CollateralParams {
                feed_id: [slot as u8; 32],
                ltv_bps: a.ltv_bps,
                liquidation_threshold_bps: a.threshold_bps,
                liquidation_bonus_bps: a.bonus_bps,
                deposit_cap: u64::MAX,
            };
            params
                .validate(liquidation_fee_bps)
                .expect("a valid listing");
            pool.collaterals[slot].decimals = a.decimals;
            pool.collaterals[slot].set_params(params);
        }
        Self {
            pool,
            fund: InsuranceFund::zeroed(),
            positions: [Position::zeroed(); BORROWERS],
            stakes: [InsuranceStake::zeroed(); STAKERS],
            now: 0,
            price: ASSET.map(|a| a.price),
            base_vault: 0,
            insurance_vault: 0,
            collateral_vault: [0; ASSETS],
            lp_supply: 0,
            lp_base: [LP_WALLET; LPS],
            lp_shares: [0; LPS],
            b_base: [BORROWER_WALLET; BORROWERS],
            b_collateral: [ASSET.map(|a| a.wallet); BORROWERS],
            liquidator_base: LIQUIDATOR_WALLET,
            liquidator_collateral: [0; ASSETS],
            donor_base: DONOR_WALLET,
            staker_base: [STAKER_WALLET; STAKERS],
            base_supply: (LPS as u64 * LP_WALLET
                + BORROWERS as u64 * BORROWER_WALLET
                + LIQUIDATOR_WALLET
                + DONOR_WALLET
                + STAKERS as u64 * STAKER_WALLET) as u128,
            lp_net_deposits: 0,
            lp_interest: 0,
            lp_losses: 0,
            lp_recovered: 0,
            interest: 0,
            interest_to_insurance: 0,
            write_offs: vec![],
            steps: 0,
            feed_stopped: [false; ASSETS],
            exits: [None; LPS],
            donated: 0,
            settlement: None,
        }
    }

    fn oracle(&self, p: i64) -> OraclePrice {
        OraclePrice {
            price: p,
            conf: p as u64 / 1_000,
            ema_price: p,
            expo: -8,
            publish_time: self.now,
        }
    }

    /// Every price that loads now: a stopped feed's does not.
    pub(super) fn prices(&self) -> Prices {
        let mut collateral = self.price.map(|p| Some(self.oracle(p)));
        for (price, &stopped) in collateral.iter_mut().zip(&self.feed_stopped) {
            if stopped {
                *price = None;
            }
        }
        Prices {
            base: Some(self.oracle(DOLLAR)),
            collateral,
        }
    }

    /// The admin delists `slot` (LTV 0) and its feed stops (a quarter of the cases, at a
    /// random step): positions holding it cannot be priced until it is retired.
    pub(super) fn stop_feed(&mut self, slot: usize) {
        let params = CollateralParams {
            ltv_bps: 0,
            ..self.pool.collaterals[slot].params()
        };
        if !self.pool.collaterals[slot].is_retired() {
            self.pool.update_collateral(slot, params).expect("delist");
        }
        self.feed_stopped[slot] = true;
    }

    pub(super) fn set_price(&mut self, slot: usize, permille: u64) {
        self.price[slot] = (ASSET[slot].price * permille as i64 / 1_000).max(1);
    }

    /// Brings the pool up to now, as every handler does first: lapsed guardian pauses, then
    /// interest.
    pub(super) fn accrue(&mut self) {
        self.pool.lapse_guardian_pauses(self.now);
        if let Some(a) = self.pool.accrue_interest(self.now).expect("accrual") {
            let interest = a.debt_after - a.debt_before;
            self.lp_interest += interest as i128 - a.to_insurance as i128;
            self.interest += interest as u128;
            self.interest_to_insurance += a.to_insurance as u128;
        }
    }

    /// `b`'s health, or why its prices do not load (a stopped feed, not yet retired).
    pub(super) fn health(&self, b: usize, mode: PriceMode) -> Result<PositionHealth, String> {
        self.pool
            .position_health(&self.positions[b], &self.prices(), mode)
            .map_err(|e| e.to_string())
    }

    /// `b` holds an asset whose stopped feed was not retired yet: nothing prices it.
    pub(super) fn unpriceable(&self, b: usize) -> bool {
        self.health(b, PriceMode::Spot).is_err()
    }

    /// What the insurance shares trade at now (ledger plus pending, net of covered marks).
    pub(super) fn fund_value(&self) -> FundValue {
        self.pool
            .insurance_value(self.fund.balance().unwrap())
            .unwrap()
    }
}

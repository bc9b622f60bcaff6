//! The books against the tokens: every vault holds exactly what the books say, and the
//! positions add up to the pool's totals.
use lending_pool::state::{InsuranceFund, Pool, Position};

/// The base vault holds exactly the pool's cash and the insurance vault the fund's ledger.
/// The balances given are the vaults' less what was sent to them directly (outside the
/// program: the books do not see it, so nothing else may differ).
pub fn check_vaults(pool: &Pool, fund: &InsuranceFund, base_vault: u64, insurance_vault: u64) {
    assert_eq!(base_vault, pool.cash, "base vault = cash (+ donations)");
    assert_eq!(
        insurance_vault,
        fund.balance().unwrap(),
        "insurance vault = ledger (+ donations)"
    );
}

/// The positions' debts add up to the pool's: the scaled debt exactly, and the debts (each
/// rounded up) to at most one unit per position above the total.
pub fn check_debts(pool: &Pool, positions: &[Position]) {
    let scaled: u128 = positions.iter().map(|p| p.scaled_debt.get()).sum();
    assert_eq!(scaled, pool.total_scaled_debt.get(), "Σ scaled debt");
    let index = pool.borrow_index.get();
    let owed: u64 = positions.iter().map(|p| p.debt(index).unwrap()).sum();
    let total = pool.total_debt().unwrap();
    assert!(
        owed >= total && owed - total <= positions.len() as u64,
        "Σ debts {owed} vs total debt {total}: at most one unit per position above"
    );
}

/// Per collateral slot (`vaults[slot]`, less direct donations): the holdings add up to the
/// slot's total deposited, its vault holds that plus what settlements forfeited, and only a
/// retired slot forfeits.
pub fn check_collateral(pool: &Pool, positions: &[Position], vaults: &[u64]) {
    for (slot, &vault) in vaults.iter().enumerate() {
        let c = &pool.collaterals[slot];
        let held: u128 = positions.iter().map(|p| p.collateral[slot] as u128).sum();
        assert_eq!(
            held, c.total_deposited as u128,
            "slot {slot}: Σ holdings = total deposited"
        );
        assert!(
            c.forfeited == 0 || c.is_retired(),
            "slot {slot}: forfeited, not retired"
        );
        assert_eq!(
            vault as u128,
            held + c.forfeited as u128,
            "slot {slot}: vault = total deposited + forfeited (+ donations)"
        );
    }
}

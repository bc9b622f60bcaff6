//! The benchmark's own pieces, without a bank: the log parsing behind the per-instruction
//! units, the peer's byte layouts (`external/INTERFACE.md`) and the gate.
use super::{flows::measured, ix, keys::*, markdown::failures, pyth, Action, Measured, Report};
use anchor_lang::prelude::Pubkey;
use lending_pool_testkit::TxOutcome;

fn logs(lines: &[&str]) -> TxOutcome {
    TxOutcome {
        compute_units: 900,
        logs: lines.iter().map(|l| l.to_string()).collect(),
        return_data: None,
        events: vec![],
        instructions: vec![],
    }
}

#[test]
fn units_per_top_level_instruction_skip_cpis() {
    let out = logs(&[
        "Program A invoke [1]",
        "Program log: Instruction: Deposit",
        "Program T invoke [2]",
        "Program log: consumed everything",
        "Program T consumed 100 of 1000 compute units",
        "Program T success",
        "Program A consumed 600 of 1400 compute units",
        "Program A success",
        "Program B invoke [1]",
        "Program B consumed 300 of 800 compute units",
        "Program B success",
    ]);
    let m = measured(&out, &["a".into(), "b".into()]);
    assert_eq!(m.compute_units, 900);
    assert_eq!(m.instructions, vec![("a".into(), 600), ("b".into(), 300)]);
}

#[test]
fn peer_instruction_layouts() {
    let k = |b: u8| Pubkey::new_from_array([b; 32]);
    let m = MarketKeys {
        market: k(1),
        authority: k(2),
        owner: k(3),
    };
    let init = ix::init_lending_market(&m, b"USD");
    assert_eq!(init.data.len(), 65);
    assert_eq!(&init.data[1..33], k(3).as_ref());
    assert_eq!(&init.data[33..36], b"USD");
    let r = ReserveKeys {
        reserve: k(4),
        mint: k(5),
        supply: k(6),
        fee_receiver: k(7),
        collateral_mint: k(8),
        collateral_supply: k(9),
        product: k(10),
        price: k(11),
    };
    let config = ReserveConfig {
        optimal_utilization_rate: 80,
        loan_to_value_ratio: 75,
        liquidation_bonus: 5,
        liquidation_threshold: 80,
        min_borrow_rate: 1,
        optimal_borrow_rate: 5,
        max_borrow_rate: 80,
        borrow_fee_wad: 7,
        flash_loan_fee_wad: 9,
        host_fee_percentage: 20,
    };
    let init = ix::init_reserve(&m, &r, &k(12), &k(13), 42, &config);
    assert_eq!(init.data.len(), 33);
    assert_eq!(init.data[..9], [2, 42, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(init.data[9..16], [80, 75, 5, 80, 1, 5, 80]);
    assert_eq!(init.data[16], 7);
    assert_eq!(init.data[24], 9);
    assert_eq!(init.data[32], 20);
    assert_eq!(init.accounts.len(), 17);
    let borrow = ix::borrow(&m, &r, &k(12), &k(13), &k(3), 1 << 40);
    assert_eq!(
        borrow.data,
        [vec![10], (1u64 << 40).to_le_bytes().to_vec()].concat()
    );
    assert_eq!(ix::name(&borrow), "BorrowObligationLiquidity");
    let refresh = ix::refresh_obligation(&k(13), &[k(4), k(14)]);
    assert_eq!(refresh.accounts.len(), 4);
    assert_eq!(refresh.data, [7]);
}

#[test]
fn pyth_accounts() {
    let price = pyth::price_data(-15, -8, 77);
    assert_eq!(price.len(), 3312);
    assert_eq!(price[16..20], 1u32.to_le_bytes()); // PriceType::Price
    assert_eq!(price[20..24], (-8i32).to_le_bytes());
    assert_eq!(price[40..48], 77u64.to_le_bytes()); // valid_slot
    assert_eq!(price[208..216], (-15i64).to_le_bytes());
    assert_eq!(price[224..228], 1u32.to_le_bytes()); // Trading
    let product = pyth::product_data(&Pubkey::new_from_array([3; 32]), "USD");
    assert_eq!(product.len(), 512);
    assert_eq!(product[16..48], [3; 32]);
    assert_eq!(product[48], 14);
    assert_eq!(&product[49..63], b"quote_currency");
    assert_eq!(product[63], 3);
    assert_eq!(&product[64..67], b"USD");
}

#[test]
fn gate_is_at_most_half() {
    let tx = |compute_units| Measured {
        compute_units,
        instructions: vec![],
    };
    let report = |ours, peer| Report {
        actions: vec![Action::new(("a", "s"), tx(ours), tx(peer))],
        warm: vec![],
        accruals: vec![],
        no_batch: vec![],
    };
    assert!(failures(&report(500, 1_000)).is_empty());
    assert_eq!(failures(&report(501, 1_000)).len(), 1);
    // in a busy market (interest already accrued), at most 0.45
    let warm = |ours, peer| Report {
        warm: vec![Action::new(("a", "s"), tx(ours), tx(peer))],
        ..report(1, 1_000)
    };
    assert!(failures(&warm(450, 1_000)).is_empty());
    assert_eq!(failures(&warm(451, 1_000)).len(), 1);
}

//! The admin and the guardian as program-derived multisig vaults. A small native program
//! stands in for Squads v4's `vault_transaction_execute`: it runs the instruction it is
//! given with its vault PDA (`["vault", seed]`) signing by `invoke_signed`, as Squads does
//! once a proposal reached its threshold. The pool needs nothing special for it: every
//! admin and guardian check is a signer check, which a PDA passes through CPI.
use crate::support::*;
use anchor_lang::{
    prelude::{AccountInfo, AccountMeta, Pubkey},
    solana_program::{entrypoint::ProgramResult, instruction::Instruction},
    AnchorDeserialize, AnchorSerialize,
};
use lending_pool::{errors::LendingError, state::PoolConfig};
use lending_pool_sdk::ix;
use lending_pool_testkit::*;

const VAULT_PROGRAM: Pubkey = Pubkey::new_from_array([0x5a; 32]);

/// What the stand-in executes: the vault's seed and one instruction.
#[derive(AnchorSerialize, AnchorDeserialize)]
struct Execute {
    seed: Vec<u8>,
    program_id: Pubkey,
    accounts: Vec<(Pubkey, bool, bool)>,
    data: Vec<u8>,
}

fn vault(seed: &[u8]) -> Pubkey {
    Pubkey::find_program_address(&[b"vault", seed], &VAULT_PROGRAM).0
}

fn process(program_id: &Pubkey, accounts: &[AccountInfo], data: &[u8]) -> ProgramResult {
    let e = Execute::try_from_slice(data)?;
    let (_, bump) = Pubkey::find_program_address(&[b"vault", &e.seed], program_id);
    let ix = Instruction {
        program_id: e.program_id,
        accounts: e
            .accounts
            .iter()
            .map(|&(pubkey, is_signer, is_writable)| AccountMeta {
                pubkey,
                is_signer,
                is_writable,
            })
            .collect(),
        data: e.data,
    };
    // off-chain, `invoke_signed` is a no-op: a native program reaches the bank through
    // program-test's syscall stubs (what the SBF syscall is on chain)
    solana_sysvar::program_stubs::sol_invoke_signed(&ix, accounts, &[&[b"vault", &e.seed, &[bump]]])
}

/// `target` carried out by the vault `seed` (which signs it by PDA); the outer
/// transaction is paid and signed by the bank's payer only.
fn through_vault(seed: &[u8], target: Instruction) -> Instruction {
    let vault = vault(seed);
    let mut accounts: Vec<AccountMeta> = target
        .accounts
        .iter()
        .map(|a| AccountMeta {
            is_signer: a.is_signer && a.pubkey != vault,
            ..a.clone()
        })
        .collect();
    accounts.push(AccountMeta::new_readonly(target.program_id, false));
    let data = Execute {
        seed: seed.to_vec(),
        program_id: target.program_id,
        accounts: target
            .accounts
            .iter()
            .map(|a| (a.pubkey, a.is_signer, a.is_writable))
            .collect(),
        data: target.data,
    };
    let mut bytes = vec![];
    data.serialize(&mut bytes).unwrap();
    Instruction {
        program_id: VAULT_PROGRAM,
        accounts,
        data: bytes,
    }
}

// also covers: transfer_admin, accept_admin, update_config, set_guardian, set_pause
#[tokio::test]
async fn a_pda_multisig_can_be_the_admin_and_the_guardian() {
    let mut bank = Bank::start_customized(|pt| {
        pt.add_builtin_program(
            "vault_stand_in",
            VAULT_PROGRAM,
            lending_pool_testkit::solana_program_test::processor!(process).unwrap(),
        )
    })
    .await;
    let fx = PoolFixture::new(&mut bank, DECIMALS, PoolConfig::example()).await;
    let pool = fx.addrs.pool;
    let (admin_vault, guardian_vault) = (vault(b"admins"), vault(b"guardians"));

    // the key that created the pool hands it to the multisig, which accepts by CPI
    bank.ok(
        &[ix::transfer_admin(&pool, &fx.admin.pubkey(), &admin_vault)],
        &[&fx.admin],
    )
    .await;
    // nobody but the vault can accept: not the old admin, not a stranger
    assert_lending_err(
        bank.process(&[ix::accept_admin(&pool, &fx.admin.pubkey())], &[&fx.admin])
            .await,
        LendingError::NotPendingAdmin,
    );
    // (a native program's transaction logs only its own invocation in program-test, so
    // the vault's calls are checked on the accounts, not the events)
    bank.ok(
        &[through_vault(
            b"admins",
            ix::accept_admin(&pool, &admin_vault),
        )],
        &[],
    )
    .await;
    assert_eq!(fx.pool(&mut bank).await.admin, admin_vault);

    // the old key lost every admin power; the vault has them
    let new = PoolConfig {
        deposit_cap: 7_777,
        min_debt: 7_777,
        ..PoolConfig::example()
    };
    assert_lending_err(
        bank.process(
            &[ix::update_config(&pool, &fx.admin.pubkey(), new)],
            &[&fx.admin],
        )
        .await,
        LendingError::NotAdmin,
    );
    bank.ok(
        &[through_vault(
            b"admins",
            ix::update_config(&pool, &admin_vault, new),
        )],
        &[],
    )
    .await;
    assert_eq!(fx.pool(&mut bank).await.config, new);

    // another vault of the same program is not the admin: the seeds decide
    assert_lending_err(
        bank.process(
            &[through_vault(
                b"guardians",
                ix::update_config(&pool, &guardian_vault, new),
            )],
            &[],
        )
        .await,
        LendingError::NotAdmin,
    );

    // the admin vault makes a second vault the guardian, which can pause; the old
    // guardian key cannot any more
    bank.ok(
        &[through_vault(
            b"admins",
            ix::set_guardian(&pool, &admin_vault, &guardian_vault),
        )],
        &[],
    )
    .await;
    assert_eq!(fx.pool(&mut bank).await.guardian, guardian_vault);
    assert_lending_err(
        bank.process(
            &[ix::set_pause(&pool, &fx.guardian.pubkey(), 1)],
            &[&fx.guardian],
        )
        .await,
        LendingError::NotGuardianOrAdmin,
    );
    bank.ok(
        &[through_vault(
            b"guardians",
            ix::set_pause(&pool, &guardian_vault, 1),
        )],
        &[],
    )
    .await;
    assert_eq!(fx.pool(&mut bank).await.pause_flags, 1);
}

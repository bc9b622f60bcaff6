//! The peer's side on the bank: a lending market with a USDC-like reserve (the asset lent,
//! our pool's base mint) and a SOL-like reserve (the collateral, our collateral mint), its
//! users' token accounts and obligation, and the transactions of each user action.
use super::{
    ix,
    keys::{
        MarketKeys, ReserveConfig, ReserveKeys, MARKET_LEN, OBLIGATION_LEN, PEER_PROGRAM_ID,
        RESERVE_LEN,
    },
    pyth,
};
use anchor_lang::{
    prelude::Pubkey,
    solana_program::{instruction::Instruction, program_pack::Pack},
};
use anchor_spl::token::spl_token;
use lending_pool_testkit::Bank;
use solana_keypair::Keypair;
use solana_signer::Signer;

/// The peer's market on the bank, with the keys that run it.
pub struct PeerMarket {
    pub keys: MarketKeys,
    pub owner: Keypair,
    /// The reserve users lend and borrow (our pool's base asset).
    pub usdc: ReserveKeys,
    /// The reserve whose cTokens back the borrow (our collateral asset).
    pub sol: ReserveKeys,
}

/// A user of the peer: a wallet of one reserve's asset and of its cTokens.
pub struct PeerUser {
    pub key: Keypair,
    pub liquidity: Pubkey,
    pub ctokens: Pubkey,
}

/// A borrower: SOL and cSOL accounts, a USDC account and an obligation.
pub struct PeerBorrower {
    pub sol: PeerUser,
    pub usdc: Pubkey,
    pub obligation: Pubkey,
}

/// One reserve to create: its mint, the owner's first deposit, config and price.
pub struct ReserveSpec<'a> {
    pub mint: &'a Pubkey,
    pub mint_authority: &'a Keypair,
    pub initial_liquidity: u64,
    pub config: ReserveConfig,
    /// × 10^-8.
    pub price: i64,
}

/// A new account of `len` zeroed bytes owned by `owner` (what the peer initialises).
fn allocate(bank: &mut Bank, owner: &Pubkey, len: usize) -> Pubkey {
    let key = bank.keypair().pubkey();
    bank.set_account_data(&key, owner, vec![0; len]);
    key
}

/// A new key with `amount` of `liquidity`'s asset and an empty account for `ctokens`' cTokens.
async fn wallet(
    bank: &mut Bank,
    liquidity: &ReserveKeys,
    ctokens: &ReserveKeys,
    mint_authority: &Keypair,
    amount: u64,
) -> PeerUser {
    let key = bank.keypair();
    let account = bank
        .create_token_account(&liquidity.mint, &key.pubkey())
        .await;
    if amount > 0 {
        bank.mint_to(&liquidity.mint, mint_authority, &account, amount)
            .await;
    }
    let ctokens = bank
        .create_token_account(&ctokens.collateral_mint, &key.pubkey())
        .await;
    PeerUser {
        key,
        liquidity: account,
        ctokens,
    }
}

impl PeerMarket {
    /// InitLendingMarket (quote "USD"), then InitReserve for `usdc` and `sol`.
    pub async fn new(bank: &mut Bank, usdc: ReserveSpec<'_>, sol: ReserveSpec<'_>) -> Self {
        let owner = bank.keypair();
        let market = allocate(bank, &PEER_PROGRAM_ID, MARKET_LEN);
        let (authority, _) = Pubkey::find_program_address(&[market.as_ref()], &PEER_PROGRAM_ID);
        let keys = MarketKeys {
            market,
            authority,
            owner: owner.pubkey(),
        };
        bank.ok(&[ix::init_lending_market(&keys, b"USD")], &[])
            .await;
        let usdc = Self::init_reserve(bank, &keys, &owner, usdc).await;
        let sol = Self::init_reserve(bank, &keys, &owner, sol).await;
        Self {
            keys,
            owner,
            usdc,
            sol,
        }
    }

    async fn init_reserve(
        bank: &mut Bank,
        keys: &MarketKeys,
        owner: &Keypair,
        spec: ReserveSpec<'_>,
    ) -> ReserveKeys {
        let token = spl_token::ID;
        let account_len = spl_token::state::Account::LEN;
        let r = ReserveKeys {
            reserve: allocate(bank, &PEER_PROGRAM_ID, RESERVE_LEN),
            mint: *spec.mint,
            supply: allocate(bank, &token, account_len),
            fee_receiver: allocate(bank, &token, account_len),
            collateral_mint: allocate(bank, &token, spl_token::state::Mint::LEN),
            collateral_supply: allocate(bank, &token, account_len),
            product: bank.keypair().pubkey(),
            price: bank.keypair().pubkey(),
        };
        pyth::set_product(bank, &r.product, &r.price);
        pyth::set_price(bank, &r.price, spec.price, -8).await;
        let source = bank.create_token_account(spec.mint, &owner.pubkey()).await;
        bank.mint_to(
            spec.mint,
            spec.mint_authority,
            &source,
            spec.initial_liquidity,
        )
        .await;
        let ctokens = allocate(bank, &token, account_len);
        let init = ix::init_reserve(
            keys,
            &r,
            &source,
            &ctokens,
            spec.initial_liquidity,
            &spec.config,
        );
        bank.ok(&[init], &[owner]).await;
        r
    }

    /// Publishes both prices (× 10^-8) at the bank's current slot.
    pub async fn set_prices(&self, bank: &mut Bank, usdc_price: i64, sol_price: i64) {
        pyth::set_price(bank, &self.usdc.price, usdc_price, -8).await;
        pyth::set_price(bank, &self.sol.price, sol_price, -8).await;
    }

    /// A user holding `amount` of `reserve`'s asset, with an empty cToken account.
    pub async fn user(
        &self,
        bank: &mut Bank,
        reserve: &ReserveKeys,
        mint_authority: &Keypair,
        amount: u64,
    ) -> PeerUser {
        wallet(bank, reserve, reserve, mint_authority, amount).await
    }

    /// A liquidator holding `usdc_amount` USDC, with an empty cSOL account.
    pub async fn liquidator(
        &self,
        bank: &mut Bank,
        mint_authority: &Keypair,
        usdc_amount: u64,
    ) -> PeerUser {
        wallet(bank, &self.usdc, &self.sol, mint_authority, usdc_amount).await
    }

    /// A borrower holding `sol_amount` SOL, with an initialised obligation.
    pub async fn borrower(
        &self,
        bank: &mut Bank,
        mint_authority: &Keypair,
        sol_amount: u64,
    ) -> PeerBorrower {
        let sol = self.user(bank, &self.sol, mint_authority, sol_amount).await;
        let owner = sol.key.pubkey();
        let usdc = bank.create_token_account(&self.usdc.mint, &owner).await;
        let obligation = allocate(bank, &PEER_PROGRAM_ID, OBLIGATION_LEN);
        let init = ix::init_obligation(&self.keys, &obligation, &owner);
        bank.ok(&[init], &[&sol.key]).await;
        PeerBorrower {
            sol,
            usdc,
            obligation,
        }
    }

    /// LP deposit: RefreshReserve, DepositReserveLiquidity (USDC in, cUSDC out).
    pub fn deposit(&self, lp: &PeerUser, amount: u64) -> Vec<Instruction> {
        let (m, r, k) = (&self.keys, &self.usdc, lp.key.pubkey());
        vec![
            ix::refresh_reserve(r),
            ix::deposit_reserve_liquidity(m, r, &lp.liquidity, &lp.ctokens, &k, amount),
        ]
    }

    /// Collateral deposit: SOL into the SOL reserve for cSOL (1:1 while nobody borrows SOL),
    /// then the cSOL into the obligation; each step needs the reserve refreshed first.
    pub fn deposit_collateral(&self, b: &PeerBorrower, amount: u64) -> Vec<Instruction> {
        let (m, r, u) = (&self.keys, &self.sol, &b.sol);
        let k = u.key.pubkey();
        vec![
            ix::refresh_reserve(r),
            ix::deposit_reserve_liquidity(m, r, &u.liquidity, &u.ctokens, &k, amount),
            ix::refresh_reserve(r),
            ix::deposit_obligation_collateral(m, r, &u.ctokens, &b.obligation, &k, amount),
        ]
    }

    /// Both reserves and the obligation refreshed in this slot (what every priced action
    /// needs); `borrowing` says whether the obligation already holds the USDC borrow.
    fn refreshes(&self, b: &PeerBorrower, borrowing: bool) -> Vec<Instruction> {
        let mut reserves = vec![self.sol.reserve];
        if borrowing {
            reserves.push(self.usdc.reserve);
        }
        vec![
            ix::refresh_reserve(&self.sol),
            ix::refresh_reserve(&self.usdc),
            ix::refresh_obligation(&b.obligation, &reserves),
        ]
    }

    /// Borrow against the obligation's cSOL (its first borrow).
    pub fn borrow(&self, b: &PeerBorrower, amount: u64) -> Vec<Instruction> {
        let k = b.sol.key.pubkey();
        let mut v = self.refreshes(b, false);
        v.push(ix::borrow(
            &self.keys,
            &self.usdc,
            &b.usdc,
            &b.obligation,
            &k,
            amount,
        ));
        v
    }

    /// The borrower repays `amount` from its USDC account.
    pub fn repay(&self, b: &PeerBorrower, amount: u64) -> Vec<Instruction> {
        let k = b.sol.key.pubkey();
        let mut v = self.refreshes(b, true);
        v.push(ix::repay(
            &self.keys,
            &self.usdc,
            &b.usdc,
            &b.obligation,
            &k,
            amount,
        ));
        v
    }

    /// `liq` (USDC in `liquidity`, cSOL out into `ctokens`) repays `amount` of `b`'s debt.
    pub fn liquidate(&self, liq: &PeerUser, b: &PeerBorrower, amount: u64) -> Vec<Instruction> {
        let mut v = self.refreshes(b, true);
        v.push(ix::liquidate(
            &self.keys,
            &self.usdc,
            &self.sol,
            &liq.liquidity,
            &liq.ctokens,
            &b.obligation,
            &liq.key.pubkey(),
            amount,
        ));
        v
    }

    /// "RefreshReserve (SOL)", "RefreshObligation (2 reserves)", …: the instruction and the
    /// reserve it is about, for the benchmark's listing.
    pub fn describe(&self, i: &Instruction) -> String {
        let name = ix::name(i);
        let has = |k: &Pubkey| i.accounts.iter().any(|a| a.pubkey == *k);
        let (usdc, sol) = (has(&self.usdc.reserve), has(&self.sol.reserve));
        match (name, usdc, sol) {
            ("RefreshObligation", ..) => {
                let n = i.accounts.len() - 2;
                format!("{name} ({n} reserve{})", if n == 1 { "" } else { "s" })
            }
            (_, true, false) => format!("{name} (USDC)"),
            (_, false, true) => format!("{name} (SOL)"),
            _ => name.to_string(),
        }
    }
}

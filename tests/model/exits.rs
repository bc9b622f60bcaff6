//! Stressed LP exits in the model: `request_exit` moves shares into the request's escrow
//! (still in the supply), `complete_exit` pays `min(value at request, value now)` once it
//! matured, `cancel_exit` gives the shares back.
use super::{ops::Op, world::World};
use bytemuck::Zeroable;
use lending_pool::state::ExitRequest;

impl World {
    pub(super) fn apply_exit(&mut self, op: &Op) -> Result<(), String> {
        let e = |x: anchor_lang::error::Error| x.to_string();
        match *op {
            Op::RequestExit { lp, bps } => {
                if self.exits[lp].is_some() {
                    return Err("a request is pending".into()); // its PDA exists
                }
                self.accrue();
                let shares = (self.lp_shares[lp] as u128 * bps as u128 / 10_000) as u64;
                let ledger = self.fund.balance().unwrap();
                let stressed = self.pool.is_stressed(ledger).unwrap();
                let (pool0, supply, held) = (self.pool, self.lp_supply, self.lp_shares[lp]);
                let r = self
                    .pool
                    .request_exit(shares, supply, ledger, held, 0, self.now);
                // books nothing
                assert!(bytemuck::bytes_of(&self.pool) == bytemuck::bytes_of(&pool0));
                let t = r.map_err(e)?;
                assert!(stressed, "a request in a calm pool");
                let mut req = ExitRequest::zeroed();
                req.shares = t.shares;
                req.value_at_request = t.value_at_request;
                req.requested_ts = self.now;
                req.matures_ts = t.matures_ts;
                self.lp_shares[lp] -= shares;
                self.exits[lp] = Some(req);
            }
            Op::CompleteExit { lp } => {
                let Some(req) = self.exits[lp] else {
                    return Err("no request".into());
                };
                self.accrue();
                let ledger = self.fund.balance().unwrap();
                let supply = self.lp_supply;
                let pool0 = self.pool;
                let r = self.pool.complete_exit(&req, supply, ledger, self.now);
                if r.is_err() {
                    assert!(bytemuck::bytes_of(&self.pool) == bytemuck::bytes_of(&pool0));
                }
                let paid = r.map_err(e)?;
                assert!(self.now >= req.matures_ts);
                // never more than at the request, nor than the shares are worth now
                assert!(paid.flow.assets <= req.value_at_request);
                assert!(paid.flow.assets <= paid.value_now);
                self.lp_supply -= paid.flow.shares;
                self.lp_base[lp] += paid.flow.assets;
                self.base_vault -= paid.flow.assets;
                self.lp_net_deposits -= paid.flow.assets as i128;
                self.exits[lp] = None;
            }
            Op::CancelExit { lp } => {
                let Some(req) = self.exits[lp] else {
                    return Err("no request".into());
                };
                self.lp_shares[lp] += req.shares;
                self.exits[lp] = None;
            }
            _ => unreachable!("not an exit: {op:?}"),
        }
        Ok(())
    }

    /// Shares in pending exit requests (in the supply, out of their owners' accounts).
    pub(super) fn escrowed_shares(&self) -> u64 {
        self.exits.iter().flatten().map(|r| r.shares).sum()
    }
}

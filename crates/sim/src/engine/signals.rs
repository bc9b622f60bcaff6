//! What LPs and stakers see each step, after the keeper: positions underwater at true
//! prices (a shortfall by `Pool::shortfall_at`: debt the collateral cannot repay with its
//! bonus), the pool's marked shortfall, and how far each collateral price is below its start.
//! The first step with an underwater or marked position is when the loss became visible;
//! the LPs holding shares then are the ones "who bore the loss" counts.
use super::Simulation;

#[derive(Debug, Clone, Copy)]
pub(super) struct Signals {
    pub underwater: bool,
    pub marked: bool,
    /// Largest fall of a collateral's true price below its start (0.25 = 25%).
    pub drop: f64,
}

impl Signals {
    pub fn loss_in_view(&self) -> bool {
        self.underwater || self.marked
    }

    /// Trouble for an actor who also runs on a price fall of `drop`.
    pub fn trouble(&self, drop: f64) -> bool {
        self.loss_in_view() || self.drop >= drop
    }
}

impl Simulation<'_> {
    pub(super) async fn signals(&mut self, step: u32, now: i64) -> Signals {
        let pool = self.fx.pool(&mut self.bank).await;
        let market = self.true_market(now);
        // the program's own test (the one a mark uses), at the prices everyone sees
        let underwater = self
            .positions()
            .await
            .iter()
            .any(|(_, pos)| pool.shortfall_at(pos, &market.prices).unwrap_or(0) > 0);
        let drop = self
            .paths
            .iter()
            .map(|p| 1.0 - p[step as usize] / p[0])
            .fold(0.0, f64::max);
        let sig = Signals {
            underwater,
            marked: pool.marked_shortfall > 0,
            drop,
        };
        if sig.loss_in_view() && self.visible.is_none() {
            let mut present = vec![];
            for u in &self.lps {
                present.push(self.bank.token_balance(&u.lp).await > 0);
            }
            self.visible = Some((step, present));
        }
        sig
    }
}

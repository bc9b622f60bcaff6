// Fixture data in the shapes of docs/indexer-api.md, made by replaying a small story with
// the program's book identities (lp_assets = cash + total_debt − insurance_pending, the
// settlement waterfall of docs/SPEC.md), so every number on the page is consistent.
//
// Pool "crashed" (6 decimals): LPs deposit, borrowers borrow, interest accrues, the
// insurance pending claim is swept into the vault, then a price crash: liquidations and
// two bad-debt settlements — the first fully covered by insurance, the second empties the
// fund (new share epoch), socializes the rest and trips the breaker. A new staker arrives
// afterwards and one more position is marked.
// Pool "healthy" (9 decimals): no losses, but its reconciliation reports a mismatch, so
// the alarm rendering can be looked at too.

import { createHash } from "node:crypto";

const WAD = 10n ** 18n;
const BPS = 10_000n;
const YEAR = 31_536_000n;
export const U128_MAX = (1n << 128n) - 1n;

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/** A deterministic base58 string of 32 (address) or 64 (signature) bytes. */
export function fakeKey(seed, bytes = 32) {
  let buf = Buffer.alloc(0);
  for (let i = 0; buf.length < bytes; i++) buf = Buffer.concat([buf, createHash("sha256").update(`${seed}:${i}`).digest()]);
  let n = BigInt(`0x${buf.subarray(0, bytes).toString("hex")}`);
  let out = "";
  while (n > 0n) {
    out = ALPHABET[Number(n % 58n)] + out;
    n /= 58n;
  }
  return out;
}

const s = (v) => v.toString(); // every amount leaves as a decimal string
const units = (tokens, decimals) => BigInt(tokens) * 10n ** BigInt(decimals);

function sharePriceWad(lpAssets, lpSupply) {
  // math/shares.rs: virtual offset of one asset and one share
  return ((lpAssets + 1n) * WAD) / (lpSupply + 1n);
}

function rateBps(utilBps) {
  // A kinked curve: 2 % → 10 % up to 80 % utilization, then steeply to 100 %.
  const u = BigInt(utilBps);
  return Number(u <= 8000n ? 200n + (u * 800n) / 8000n : 1000n + ((u - 8000n) * 9000n) / 2000n);
}

/** Replays the crashed pool's story; returns every API body for it. */
function crashedPool() {
  const decimals = 6;
  const u = (t) => units(t, decimals);
  const pool = fakeKey("pool:crashed");
  const baseMint = fakeKey("mint:usdc");
  const b = { cash: 0n, debt: 0n, pending: 0n, supply: 0n, ledger: 0n, marked: 0n };
  const lpAssets = () => b.cash + b.debt - b.pending;
  const util = () => (b.cash + b.debt === 0n ? 0 : Number((b.debt * BPS) / (b.cash + b.debt)));
  let slot = 280_000_000;
  let ts = 1_767_225_600; // 2026-01-01
  let lastRate = 200;
  let txn = 0;
  const history = [];
  const settlements = [];
  const liquidations = [];
  const events = [];
  let seq = 0;
  let shareEpoch = 0;
  const shares = new Map(); // staker → { stake, shares, cooldown }
  let protocolShares = 0n;

  const positions = new Map(); // position → { owner, debt, health }
  const pos = (name) => {
    const key = fakeKey(`position:${name}`);
    if (!positions.has(key)) positions.set(key, { owner: fakeKey(`owner:${name}`), debt: 0n, health: U128_MAX });
    return key;
  };

  const advance = (slots, secs) => {
    slot += slots;
    ts += secs;
    txn += 1;
    return fakeKey(`sig:crashed:${txn}`, 64);
  };
  const record = (signature, name, data = {}) => {
    history.push({
      slot, timestamp: ts, signature,
      cash: s(b.cash), total_debt: s(b.debt), insurance_pending: s(b.pending),
      lp_assets: s(lpAssets()), lp_supply: s(b.supply),
      share_price_wad: s(sharePriceWad(lpAssets(), b.supply)),
      insurance_balance: s(b.ledger + b.pending), marked_shortfall: s(b.marked),
      utilization_bps: util(), borrow_rate_bps: lastRate,
    });
    events.push({ id: events.length + 1, pool, slot, timestamp: ts, signature, name, data });
  };

  const deposit = (tokens) => {
    const sig = advance(9_000, 3_600);
    const amount = u(tokens);
    const minted = (amount * (b.supply + 1n)) / (lpAssets() + 1n);
    b.cash += amount;
    b.supply += minted;
    record(sig, "LpDeposited", { amount: s(amount), shares: s(minted) });
  };
  const borrow = (name, tokens, health) => {
    const sig = advance(7_000, 2_900);
    const amount = u(tokens);
    const key = pos(name);
    positions.get(key).debt += amount;
    positions.get(key).health = health;
    b.cash -= amount;
    b.debt += amount;
    record(sig, "DebtChanged", { position: key, amount: s(amount) });
  };
  const accrue = (days) => {
    const secs = days * 86_400;
    const sig = advance(Math.round(secs * 2.5), secs);
    lastRate = rateBps(util());
    const interest = (b.debt * BigInt(lastRate) * BigInt(secs)) / (BPS * YEAR);
    const reserve = (interest * 1_000n) / BPS; // 10 % reserve factor to insurance
    b.debt += interest;
    b.pending += reserve;
    // Interest lands on the positions pro rata (the last one takes the rounding).
    const owing = [...positions.values()].filter((p) => p.debt > 0n);
    let left = interest;
    const total = owing.reduce((a, p) => a + p.debt, 0n);
    owing.forEach((p, i) => {
      const part = i === owing.length - 1 ? left : (interest * p.debt) / total;
      p.debt += part;
      left -= part;
    });
    record(sig, "InterestAccrued", { interest: s(interest), rate_bps: lastRate });
  };
  const stake = (who, tokens) => {
    const sig = advance(4_000, 1_800);
    const amount = u(tokens);
    const gross = b.ledger + b.pending;
    const total = protocolShares + [...shares.values()].reduce((a, x) => a + x.shares, 0n);
    if (total === 0n && gross > 0n) protocolShares = gross; // the first stake mints what the fund held
    const totalNow = protocolShares + [...shares.values()].reduce((a, x) => a + x.shares, 0n);
    const minted = (amount * (totalNow + 1n)) / (gross + 1n);
    const entry = shares.get(who) ?? { stake: fakeKey(`stake:${who}`), shares: 0n, cooldown: 0n };
    entry.shares += minted;
    shares.set(who, entry);
    b.ledger += amount;
    record(sig, "Staked", { staker: who, amount: s(amount), shares: s(minted) });
  };
  const sweep = () => {
    const sig = advance(3_000, 1_200);
    b.cash -= b.pending;
    b.ledger += b.pending;
    b.pending = 0n;
    record(sig, "InsuranceSwept", {});
  };
  const repay = (name, tokens) => {
    const sig = advance(5_000, 2_000);
    const amount = u(tokens);
    positions.get(pos(name)).debt -= amount;
    b.cash += amount;
    b.debt -= amount;
    record(sig, "DebtChanged", { position: pos(name), amount: s(-amount) });
  };
  const mark = (name, tokens) => {
    const sig = advance(600, 240);
    const m = u(tokens);
    b.marked += m;
    positions.get(pos(name)).mark = (positions.get(pos(name)).mark ?? 0n) + m;
    record(sig, "ShortfallMarked", { position: pos(name), mark: s(m) });
  };
  const liquidate = (name, repaidTokens, collateralOut, healthBefore, healthAfter, settleAfter = false) => {
    const sig = advance(150, 60);
    const key = pos(name);
    const p = positions.get(key);
    const repaid = u(repaidTokens);
    const fee = (repaid * 250n) / BPS; // 2.5 % liquidation fee into the insurance vault
    const before = p.debt;
    p.debt -= repaid;
    p.health = healthAfter;
    b.cash += repaid;
    b.debt -= repaid;
    b.ledger += fee;
    liquidations.push({
      slot, timestamp: ts, signature: sig, position: key, liquidator: fakeKey(`liquidator:${txn % 2}`),
      collateral_slot: name === "whale" ? 1 : 0, repaid: s(repaid), collateral_out: s(collateralOut), fee: s(fee),
      position_debt_before: s(before), position_debt_after: s(p.debt),
      health_before_wad: s(healthBefore), health_after_wad: s(healthAfter),
    });
    record(sig, "Liquidated", { position: key, repaid: s(repaid) });
    if (settleAfter) settle(key, sig);
  };
  const settle = (key, sig) => {
    const p = positions.get(key);
    const D = p.debt;
    const priceBefore = sharePriceWad(lpAssets(), b.supply);
    const lpBefore = lpAssets();
    const insBefore = b.ledger + b.pending;
    b.marked -= p.mark ?? 0n; // the mark is released: the loss is now on the books
    p.mark = 0n;
    const fromPending = D < b.pending ? D : b.pending;
    const fromVault = D - fromPending < b.ledger ? D - fromPending : b.ledger;
    const socialized = D - fromPending - fromVault;
    b.debt -= D;
    b.pending -= fromPending;
    b.cash += fromVault;
    b.ledger -= fromVault;
    p.debt = 0n;
    p.health = U128_MAX;
    seq += 1;
    const breakerTripped = socialized * BPS > lpBefore * 200n; // 2 % of LP assets in the window
    if (b.ledger + b.pending === 0n) {
      // The fund is empty: every insurance share is worth nothing, a new epoch starts.
      shareEpoch += 1;
      protocolShares = 0n;
      for (const entry of shares.values()) {
        entry.shares = 0n;
        entry.cooldown = 0n;
      }
    }
    settlements.push({
      seq, slot, timestamp: ts, signature: sig, position: key, position_debt: s(D), debt: s(D),
      covered: s(fromPending + fromVault), from_pending: s(fromPending), from_insurance_vault: s(fromVault),
      socialized: s(socialized),
      share_price_before_wad: s(priceBefore), share_price_after_wad: s(sharePriceWad(lpAssets(), b.supply)),
      lp_assets_before: s(lpBefore), lp_assets_after: s(lpAssets()),
      insurance_balance_before: s(insBefore), insurance_balance_after: s(b.ledger + b.pending),
      frozen: false, breaker_tripped: breakerTripped,
    });
    state.breaker_tripped ||= breakerTripped;
    if (breakerTripped) state.pause_flags |= 1 << 9;
    record(sig, "BadDebtSettled", { seq, socialized: s(socialized) });
  };
  const state = { frozen: false, breaker_tripped: false, pause_flags: 0 };
  const h = (x) => BigInt(Math.round(x * 1e6)) * 10n ** 12n; // health as WAD

  deposit(1_000_000);
  deposit(400_000);
  stake("alice", 12_000);
  stake("bob", 8_000);
  borrow("whale", 300_000, h(1.35));
  borrow("degen", 120_000, h(1.12));
  deposit(150_000);
  borrow("fund", 250_000, h(1.8));
  accrue(3);
  borrow("trader", 180_000, h(1.42));
  borrow("small-1", 40_000, h(2.4));
  accrue(4);
  borrow("small-2", 55_000, h(1.6));
  borrow("small-3", 30_000, h(1.25));
  accrue(5);
  repay("fund", 60_000);
  accrue(4);
  sweep();
  borrow("small-4", 90_000, h(1.08));
  accrue(3);
  borrow("late", 60_000, h(1.3));
  accrue(2);
  // The crash: marks first, then liquidations empty two positions and settle the rest.
  mark("degen", 18_000);
  mark("whale", 70_000);
  liquidate("degen", 40_000, 310_500_000_000n, h(0.81), h(0.74));
  liquidate("degen", 62_000, 481_000_000_000n, h(0.74), h(0.0), true);
  liquidate("whale", 90_000, 701_250_000_000n, h(0.78), h(0.71));
  liquidate("whale", 70_000, 541_300_000_000n, h(0.71), h(0.62));
  liquidate("whale", 45_000, 343_800_000_000n, h(0.62), h(0.0), true);
  liquidate("small-4", 20_000, 158_000_000_000n, h(0.97), h(1.02));
  stake("carol", 8_000);
  mark("small-3", 2_500);
  accrue(1);

  // Positions now: the story's debts with health buckets, plus some without debt.
  const bucketOf = (p) => {
    if (p.debt === 0n) return "no debt";
    if (p.underwater) return "underwater";
    const hw = p.health;
    if (hw < WAD) return "liquidatable";
    if (hw < (WAD * 11n) / 10n) return "at risk";
    if (hw < (WAD * 15n) / 10n) return "watch";
    return "safe";
  };
  positions.get(pos("small-3")).underwater = true;
  positions.get(pos("small-3")).health = h(0.83);
  positions.get(pos("trader")).health = h(0.96);
  positions.get(pos("small-2")).health = h(1.07);
  for (let i = 0; i < 5; i++) pos(`idle-${i}`);
  const posList = [...positions.entries()].map(([position, p]) => ({
    position, owner: p.owner, debt: s(p.debt), health_wad: s(p.debt === 0n ? U128_MAX : p.health), bucket: bucketOf(p),
  }));
  const labels = ["underwater", "liquidatable", "at risk", "watch", "safe", "no debt"];
  const buckets = labels.map((label) => {
    const inB = posList.filter((p) => p.bucket === label);
    return { label, count: inB.length, debt: s(inB.reduce((a, p) => a + BigInt(p.debt), 0n)) };
  });

  const gross = b.ledger + b.pending;
  const covered = b.marked < gross ? b.marked : gross;
  const net = gross - covered;
  const totalShares = protocolShares + [...shares.values()].reduce((a, x) => a + x.shares, 0n);
  const carol = shares.get("carol");
  carol.cooldown = u(1_000);
  const coverage = b.debt === 0n ? null : Number((gross * BPS) / b.debt);
  const stakers = {
    fund_balance: s(gross), marked_shortfall: s(b.marked), total_shares: s(totalShares),
    protocol_shares: s(protocolShares), cooldown_shares: s(carol.cooldown), share_epoch: shareEpoch,
    coverage_ratio_bps: coverage,
    stakers: [...shares.entries()].map(([who, x]) => ({
      stake: x.stake, staker: fakeKey(`owner:${who}`), shares: s(x.shares), cooldown_shares: s(x.cooldown),
      value: s((x.shares * (net + 1n)) / (totalShares + 1n)),
    })),
  };

  const totals = settlements.reduce(
    (a, x) => ({ covered: a.covered + BigInt(x.covered), socialized: a.socialized + BigInt(x.socialized) }),
    { covered: 0n, socialized: 0n },
  );
  const last = history[history.length - 1];
  const summary = {
    pool, base_mint: baseMint, decimals, last_slot: slot, last_signature: last.signature,
    books: {
      cash: last.cash, total_debt: last.total_debt, insurance_pending: last.insurance_pending,
      lp_assets: last.lp_assets, lp_supply: last.lp_supply, share_price_wad: last.share_price_wad,
      insurance_balance: last.insurance_balance, marked_shortfall: last.marked_shortfall,
      settlements: settlements.length, total_covered: s(totals.covered), total_socialized: s(totals.socialized),
      total_recovered: "0",
    },
    insurance: {
      balance: s(gross), total_shares: s(totalShares), protocol_shares: s(protocolShares),
      cooldown_shares: s(carol.cooldown), share_epoch: shareEpoch, coverage_ratio_bps: coverage,
    },
    utilization_bps: last.utilization_bps, borrow_rate_bps: lastRate, state,
    reconciliation: { ok: true, checked_slot: slot, mismatches: [] },
  };
  // an LP asked to exit while the crash stressed the pool; its request waits out the delay
  // (paid by the same rule once the pool is calm again)
  const uncovered = b.marked > gross ? b.marked - gross : 0n;
  const exits = {
    stressed: uncovered > 0n, uncovered_shortfall: s(uncovered), breaker_tripped: false, exit_delay_secs: 7_200,
    pending_shares: s(u(2_500)),
    requests: [{
      owner: fakeKey("owner:dave"), exit_request: fakeKey("exit:dave"), shares: s(u(2_500)),
      value_at_request: s(u(2_400)), requested_at: 1_700_000_000, matures_ts: 1_700_007_200, signature: "fixture",
    }],
  };
  // the live book under shocks: the crash already cleared the worst, deeper shocks reach
  // the rest
  const stress = stressView(slot, gross, BigInt(summary.books.lp_assets), [
    [1_000, 0, 0n], [2_000, 1, u(120)], [4_000, 3, u(2_900)],
  ]);
  return {
    summary, history, settlements, liquidations, stakers, events, exits, stress,
    positions: { snapshot_slot: slot, buckets, positions: posList },
  };
}

/** The indexer's `/stress`: rows of [shock bps, positions liquidatable, bad debt], the
 * fund covering first. */
function stressView(slot, insurance, lpAssets, rows) {
  return {
    snapshot_slot: slot, computed_at: 1_768_000_000, insurance_available: s(insurance), lp_assets: s(lpAssets),
    shocks: rows.map(([shock, liquidatable, bad]) => {
      const covers = bad < insurance ? bad : insurance;
      const lp = bad - covers;
      return {
        shock_bps: shock, positions_liquidatable: liquidatable, bad_debt: s(bad), insurance_covers: s(covers),
        coverage_bps: bad === 0n ? 10_000 : Number((covers * 10_000n) / bad),
        lp_loss: s(lp), lp_loss_bps: lpAssets === 0n ? 0 : Number((lp * 10_000n + lpAssets - 1n) / lpAssets),
      };
    }),
  };
}

/** A quiet pool whose last reconciliation check disagreed with the chain. */
function healthyPool() {
  const decimals = 9;
  const pool = fakeKey("pool:healthy");
  const cash = units(5_000, decimals);
  const debt = units(1_250, decimals);
  const slot = 280_400_000;
  const history = Array.from({ length: 8 }, (_, i) => ({
    slot: slot - (8 - i) * 20_000, timestamp: 1_768_000_000 + i * 7_200, signature: fakeKey(`sig:healthy:${i}`, 64),
    cash: s(cash + units(8 - i, decimals)), total_debt: s(debt), insurance_pending: "0",
    lp_assets: s(cash + units(8 - i, decimals) + debt), lp_supply: s(cash + debt),
    share_price_wad: s(sharePriceWad(cash + units(8 - i, decimals) + debt, cash + debt)),
    insurance_balance: s(units(300, decimals)), marked_shortfall: "0", utilization_bps: 2000, borrow_rate_bps: 400,
  }));
  const last = history[history.length - 1];
  const summary = {
    pool, base_mint: "So11111111111111111111111111111111111111112", decimals, last_slot: slot,
    last_signature: last.signature,
    books: {
      cash: last.cash, total_debt: last.total_debt, insurance_pending: "0", lp_assets: last.lp_assets,
      lp_supply: last.lp_supply, share_price_wad: last.share_price_wad, insurance_balance: last.insurance_balance,
      marked_shortfall: "0", settlements: 0, total_covered: "0", total_socialized: "0", total_recovered: "0",
    },
    insurance: {
      balance: last.insurance_balance, total_shares: last.insurance_balance, protocol_shares: "0",
      cooldown_shares: "0", share_epoch: 0, coverage_ratio_bps: 2400,
    },
    utilization_bps: 2000, borrow_rate_bps: 400,
    state: { frozen: false, breaker_tripped: false, pause_flags: (1 << 0) | (1 << 3) },
    reconciliation: {
      ok: false, checked_slot: slot,
      mismatches: [{ field: "cash", indexed: last.cash, chain: s(BigInt(last.cash) + 1n) }],
    },
  };
  const owner = fakeKey("owner:sol-1");
  return {
    summary, history, settlements: [], liquidations: [], events: [],
    stakers: {
      fund_balance: last.insurance_balance, marked_shortfall: "0", total_shares: last.insurance_balance,
      protocol_shares: "0", cooldown_shares: "0", share_epoch: 0, coverage_ratio_bps: 2400,
      stakers: [{ stake: fakeKey("stake:sol-1"), staker: owner, shares: last.insurance_balance, cooldown_shares: "0", value: last.insurance_balance }],
    },
    exits: {
      stressed: false, uncovered_shortfall: "0", breaker_tripped: false, exit_delay_secs: 7_200,
      pending_shares: "0", requests: [],
    },
    stress: stressView(slot, BigInt(last.insurance_balance), BigInt(last.lp_assets), [
      [1_000, 0, 0n], [2_000, 0, 0n], [4_000, 1, units(10, decimals)],
    ]),
    positions: {
      snapshot_slot: slot,
      buckets: ["underwater", "liquidatable", "at risk", "watch", "safe", "no debt"].map((label) => ({
        label, count: label === "safe" ? 1 : 0, debt: label === "safe" ? s(debt) : "0",
      })),
      positions: [{ position: fakeKey("position:sol-1"), owner, debt: s(debt), health_wad: s(2n * WAD), bucket: "safe" }],
    },
  };
}

export function buildFixtures() {
  return [crashedPool(), healthyPool()];
}

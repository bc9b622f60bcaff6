// An insurance staker cannot flee a known loss, in LiteSVM against the SBF program (whose
// clock can be moved, unlike the CLI e2e's validator): the request fixes the stake's value
// and starts the cooldown; the payout before it ends is refused; a shortfall marked during
// the cooldown lowers the shares' value, and after the cooldown `unstake` pays the lesser
// of the value at the request and the value then, to the unit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { generateKeyPairSigner, lamports, type Address, type KeyPairSigner } from "@solana/kit";
import * as lp from "../src/generated/index.ts";
import { insuranceBalance, insuranceValue, markShortfallInstructions, requestUnstakeWithMarks, toAssetsDown } from "../src/marks.ts";
import { EVENT_CPI_ACCOUNTS } from "../src/events.ts";
import { USDC, send, tokenAmount } from "./fixtures.ts";
import { borrowedPool, decode, sendFails } from "./world.ts";

type World = Awaited<ReturnType<typeof borrowedPool>>;

/** Opens `staker`'s stake account and stakes `amount` USDC (minted to it) into the fund. */
async function openAndStake(w: World, staker: KeyPairSigner, stake: Address, amount: bigint) {
  const { pool, insuranceFund, baseVault, insuranceVault } = w.lpAccounts;
  await send(w.svm, staker, [
    await lp.getOpenStakeInstructionAsync({ owner: staker, pool }),
    lp.getStakeInstruction({
      owner: staker,
      pool,
      baseVault,
      insuranceFund,
      insuranceVault,
      stake,
      source: await w.usdcAccount(staker.address, amount),
      ...EVENT_CPI_ACCOUNTS,
      amount,
      minSharesOut: 0n,
    }),
  ]);
}

test("an unstake after the cooldown pays the lesser of its value at the request and then", async () => {
  const w = await borrowedPool();
  const { svm, admin, lpAccounts, marks } = w;
  const { pool, insuranceFund, baseVault, insuranceVault } = lpAccounts;
  const staker = await generateKeyPairSigner();
  svm.airdrop(staker.address, lamports(1_000_000_000n));
  const [stake] = await lp.findStakePda({ pool, owner: staker.address });
  const readStake = () => decode(svm, stake, lp.getInsuranceStakeDecoder());
  const readFund = () => decode(svm, insuranceFund, lp.getInsuranceFundDecoder());
  const readPool = () => decode(svm, pool, lp.getPoolDecoder());

  // 100 USDC into an empty fund: shares 1:1 (the virtual offset), none for the protocol
  await openAndStake(w, staker, stake, 100n * USDC);
  const shares = readStake().shares;
  assert.equal(shares, 100n * USDC);
  assert.equal(readFund().protocolShares, 0n);

  // the request fixes the value now, behind fresh marks of the pool's marked positions
  // (none is marked yet: the position re-marks to nothing): every share is worth one unit.
  // A minimum one unit above that value is refused.
  const tooMuch = await sendFails(svm, staker, [
    lp.getRequestUnstakeInstruction({ owner: staker, pool, insuranceFund, stake, ...EVENT_CPI_ACCOUNTS, shares, minValue: shares + 1n }),
  ]);
  assert.match(tooMuch, /UnstakeValueBelowMinimum/);
  await send(svm, staker, [lp.getRequestUnstakeInstruction({ owner: staker, pool, insuranceFund, stake, ...EVENT_CPI_ACCOUNTS, shares, minValue: shares })]);
  const requested = readStake();
  const atRequest = insuranceValue(readPool(), insuranceBalance(readFund()));
  assert.equal(requested.cooldownValue, toAssetsDown(shares, atRequest.net, readFund().totalShares));
  assert.equal(requested.cooldownValue, 100n * USDC);
  const start = svm.getClock().unixTimestamp;
  assert.equal(requested.cooldownEndTs, start + w.cooldownSecs);
  const destination = await w.usdcAccount(staker.address, 0n);
  const unstake = lp.getUnstakeInstruction({
    owner: staker,
    pool,
    baseVault,
    insuranceFund,
    insuranceVault,
    stake,
    destination,
    ...EVENT_CPI_ACCOUNTS,
  });
  const early = await sendFails(svm, staker, [unstake]);
  assert.match(early, /UnstakeCooldownActive/);

  // during the cooldown SOL falls to $95 and the position is marked: 10 SOL repay
  // $950 / 1.05 of the 1,000 owed and pay the fund 1% on it, 913.809523 in all; the fund
  // would cover the 86.190477 LPs and insurance lose
  w.setPrices(9_500_000_000n);
  await send(svm, admin, markShortfallInstructions(pool, admin, marks));
  const marked = readPool().markedShortfall;
  assert.equal(marked, 1_000n * USDC - 913_809_523n);

  // the cooldown ends; the pool accrues (the fund's interest share grows), then the
  // staker is paid the lesser of the two values, computed from the accounts
  const clock = svm.getClock();
  clock.unixTimestamp = requested.cooldownEndTs;
  svm.setClock(clock);
  w.setPrices(9_500_000_000n);
  await send(svm, admin, [lp.getAccrueInterestInstruction({ pool, ...EVENT_CPI_ACCOUNTS })]);
  const fund = readFund();
  const now = insuranceValue(readPool(), insuranceBalance(fund));
  // the mark followed the interest the marked debt accrued during the cooldown
  assert.ok(readPool().markedShortfall > marked);
  assert.equal(now.covered, readPool().markedShortfall);
  const valueNow = toAssetsDown(requested.cooldownShares, now.net, fund.totalShares);
  const expected = valueNow < requested.cooldownValue ? valueNow : requested.cooldownValue;
  assert.ok(expected < 100n * USDC, "the marked loss is shared");
  svm.expireBlockhash(); // the refused attempt was the same transaction
  await send(svm, staker, [unstake]);
  assert.equal(tokenAmount(svm, destination), expected);
  const after = readStake();
  assert.equal(after.shares, 0n);
  assert.equal(after.cooldownShares, 0n);
  assert.equal(after.totalUnstaked, expected);
  assert.equal(readFund().totalShares, 0n);
});

test("a request behind fresh marks is worth its full value; under a stale mark its minimum refuses it", async () => {
  const w = await borrowedPool();
  const { svm, admin, lpAccounts, marks } = w;
  const { pool, insuranceFund, baseVault, insuranceVault } = lpAccounts;
  const staker = await generateKeyPairSigner();
  svm.airdrop(staker.address, lamports(1_000_000_000n));
  const [stake] = await lp.findStakePda({ pool, owner: staker.address });
  await openAndStake(w, staker, stake, 100n * USDC);
  // SOL at $95: marked; then SOL recovers and nobody re-marks (a stale mark)
  w.setPrices(9_500_000_000n);
  await send(svm, admin, markShortfallInstructions(pool, admin, marks));
  w.setPrices(15_000_000_000n);
  const shares = 100n * USDC;
  const request = { owner: staker, pool, insuranceFund, stake, shares, minValue: shares };
  const stale = await sendFails(svm, staker, [lp.getRequestUnstakeInstruction({ ...request, ...EVENT_CPI_ACCOUNTS })]);
  assert.match(stale, /UnstakeValueBelowMinimum/);
  svm.expireBlockhash();
  await send(svm, staker, requestUnstakeWithMarks({ ...request, marks }));
  assert.equal(decode(svm, stake, lp.getInsuranceStakeDecoder()).cooldownValue, shares);
  assert.equal(decode(svm, pool, lp.getPoolDecoder()).markedShortfall, 0n);
});

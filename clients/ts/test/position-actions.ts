// The four owner instructions and a new position in the two-collateral world, built with
// the remaining accounts the program expects (the helpers under test compute numbers; these
// build what carries them), plus a borrower of one's own making.
import { generateKeyPairSigner, lamports, type Address, type Instruction, type KeyPairSigner } from "@solana/kit";
import * as lp from "../src/index.ts";
import type { twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;
export type Borrower = { owner: KeyPairSigner; position: Address; destination: Address };

export function actions(w: World) {
  const events = lp.EVENT_CPI_ACCOUNTS;
  const mints = [w.sol, w.btc];
  const borrow = (who: Borrower, amount: bigint): Instruction =>
    lp.withPositionOracles(
      lp.getBorrowInstruction({ owner: who.owner, ...w.books, position: who.position, destination: who.destination, baseOracle: w.oracles.base, ...events, amount }),
      w.read.pool(),
      w.read.position(who.position),
      w.oracleOf,
    );
  const repay = async (who: Borrower, amount: bigint): Promise<Instruction> =>
    lp.getRepayInstruction({ payer: who.owner, position: who.position, ...w.books, source: await w.token(w.usdc, who.owner.address, amount), ...events, amount });
  const depositCollateral = async (who: Borrower, slot: number, amount: bigint): Promise<Instruction> => {
    const ix = lp.getDepositCollateralInstruction({
      depositor: who.owner, pool: w.pool, position: who.position, collateralVault: w.vaults[slot],
      source: await w.token(mints[slot], who.owner.address, amount), baseOracle: w.oracles.base, ...events, slot, amount,
    });
    return lp.withRemainingAccounts(ix, lp.depositCollateralOracles(w.read.pool(), w.read.position(who.position), slot, amount, w.oracleOf));
  };
  const withdrawCollateral = async (who: Borrower, slot: number, amount: bigint): Promise<Instruction> => {
    const ix = lp.getWithdrawCollateralInstruction({
      owner: who.owner, pool: w.pool, position: who.position, collateralVault: w.vaults[slot],
      destination: await w.token(mints[slot], who.owner.address, 0n), baseOracle: w.oracles.base, ...events, slot, amount,
    });
    return lp.withRemainingAccounts(ix, lp.withdrawCollateralOracles(w.read.pool(), w.read.position(who.position), slot, amount, w.oracleOf));
  };
  /** A new owner's position holding `collateral[slot]`, without debt. */
  const newBorrower = async (collateral: bigint[]): Promise<Borrower> => {
    const owner = await generateKeyPairSigner();
    w.svm.airdrop(owner.address, lamports(10_000_000_000n));
    const [position] = await lp.findPositionPda({ pool: w.pool, owner: owner.address, index: 0 });
    const who = { owner, position, destination: await w.token(w.usdc, owner.address, 0n) };
    await w.exec(owner, [await lp.getOpenPositionInstructionAsync({ owner, pool: w.pool, index: 0, ...events })]);
    for (const [slot, amount] of collateral.entries()) if (amount > 0n) await w.exec(owner, [await depositCollateral(who, slot, amount)]);
    return who;
  };
  return { borrow, repay, depositCollateral, withdrawCollateral, newBorrower };
}

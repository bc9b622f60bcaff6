// The prices a helper takes, read from the two-collateral world's oracle accounts as the
// program reads them (`loadPrice` at the clock, spot mode: the helpers apply the
// conservative checks themselves where the instruction does), for every slot, held or not.
import * as lp from "../src/index.ts";
import type { twoCollateralPool } from "./two-collateral-world.ts";

type World = Awaited<ReturnType<typeof twoCollateralPool>>;

export function allPrices(w: World): lp.Prices {
  const pool = w.read.pool();
  const load = (at: Parameters<World["read"]["oracle"]>[0], feed: Uint8Array | lp.Pool["baseFeedId"]) =>
    lp.loadPrice(w.read.oracle(at), feed, w.now(), pool.config, "spot");
  return {
    base: load(w.oracles.base, pool.baseFeedId),
    collateral: [load(w.oracles.sol, pool.collaterals[0].feedId), load(w.oracles.btc, pool.collaterals[1].feedId)],
  };
}

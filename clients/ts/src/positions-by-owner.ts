// A wallet's positions, found with one `getProgramAccounts` (SPEC "Accounts": a `Position`
// is 192 bytes, the 8-byte discriminator, then `pool` at offset 8 and `owner` at offset 40;
// the Rust SDK's `filters::position_filters` selects a pool's the same way). The filters
// run on the RPC node, so only the owner's positions cross the wire.
import {
  getBase58Decoder,
  parseBase64RpcAccount,
  type Account,
  type Address,
  type Base58EncodedBytes,
  type Commitment,
  type GetProgramAccountsApi,
  type GetProgramAccountsDatasizeFilter,
  type GetProgramAccountsMemcmpFilter,
  type Rpc,
} from "@solana/kit";
import {
  LENDING_POOL_PROGRAM_ADDRESS,
  POSITION_DISCRIMINATOR,
  decodePosition,
  getPositionSize,
  type Position,
} from "./generated/index.ts";

/** Where `Position.pool` and `Position.owner` start in the account data. */
export const POSITION_POOL_OFFSET = 8n;
export const POSITION_OWNER_OFFSET = 40n;

type Filter = GetProgramAccountsDatasizeFilter | GetProgramAccountsMemcmpFilter;

const memcmp = (offset: bigint, bytes: Base58EncodedBytes): GetProgramAccountsMemcmpFilter => ({
  memcmp: { offset, bytes, encoding: "base58" },
});

/** The filters selecting exactly the `Position` accounts of `owner` (and of `pool`, if
 * given): the account size, the discriminator, the owner (and pool) bytes. An address is
 * its bytes in base58, so it is the memcmp value as it stands. */
export function positionFilters(owner: Address, pool?: Address): Filter[] {
  const filters: Filter[] = [
    { dataSize: BigInt(getPositionSize()) },
    memcmp(0n, getBase58Decoder().decode(POSITION_DISCRIMINATOR) as Base58EncodedBytes),
    memcmp(POSITION_OWNER_OFFSET, owner as string as Base58EncodedBytes),
  ];
  if (pool) filters.push(memcmp(POSITION_POOL_OFFSET, pool as string as Base58EncodedBytes));
  return filters;
}

export type PositionsByOwnerOptions = {
  /** Only this pool's positions. */
  pool?: Address;
  /** The lending pool's address where it is deployed under another id than the IDL's. */
  programAddress?: Address;
  commitment?: Commitment;
};

/** Every position `owner` has (in one pool, with `pool`), decoded, ordered by pool and
 * position index. */
export async function positionsByOwner(
  rpc: Rpc<GetProgramAccountsApi>,
  owner: Address,
  options: PositionsByOwnerOptions = {},
): Promise<Account<Position>[]> {
  const found = await rpc
    .getProgramAccounts(options.programAddress ?? LENDING_POOL_PROGRAM_ADDRESS, {
      encoding: "base64",
      filters: positionFilters(owner, options.pool),
      ...(options.commitment ? { commitment: options.commitment } : {}),
    })
    .send();
  return found
    .map(({ pubkey, account }) => decodePosition(parseBase64RpcAccount(pubkey, account)))
    .sort((a, b) => (a.data.pool === b.data.pool ? a.data.index - b.data.index : a.data.pool < b.data.pool ? -1 : 1));
}

// Anchor's deploy hook (`anchor migrate`). The program is deployed with
// `solana program deploy target/deploy/lending_pool.so --program-id keys/lending_pool-keypair.json`;
// pool initialisation from a JSON config is part of the clients issue.
import * as anchor from "@coral-xyz/anchor";

module.exports = async function (provider: anchor.AnchorProvider) {
  anchor.setProvider(provider);
};

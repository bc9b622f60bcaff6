// Deployment step: initialise a pool from a JSON config (after `anchor deploy` or
// `solana program deploy` put the program on the cluster).
//
//   npm --prefix clients/ts run deploy -- --config migrations/pool.example.json \
//     [--url http://127.0.0.1:8899] [--keypair ~/.config/solana/id.json]
// (relative paths are taken from the directory npm was started in)
//
// The config names the base mint, its Pyth feed id, an optional guardian, and any PoolConfig
// fields to override (see clients/ts/src/deploy.ts). Prints the pool's address.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { resolve } from "node:path";
import { deployPool, signerFromKeypairFile, type DeployConfig } from "../clients/ts/src/deploy.ts";

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const expand = (p: string) =>
  resolve(process.env.INIT_CWD ?? process.cwd(), p.replace(/^~(?=\/)/, homedir()));
const configPath = arg("config");
if (!configPath) throw new Error("--config <pool.json> is required");
const config: DeployConfig = JSON.parse(readFileSync(expand(configPath), "utf8"));
const keypairPath = expand(arg("keypair", process.env.ANCHOR_WALLET ?? "~/.config/solana/id.json")!);
const url = arg("url", process.env.ANCHOR_PROVIDER_URL ?? "http://127.0.0.1:8899")!;
const creator = await signerFromKeypairFile(keypairPath);
const { pool, signature } = await deployPool(url, creator, config);
console.log(`pool ${pool} initialised by ${creator.address} (${signature})`);

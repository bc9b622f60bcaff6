-- The indexer's record: every successful transaction of the program it has read, every event
-- in it, and the cursor it resumes from. One schema for SQLite and PostgreSQL: token amounts
-- live inside `data` as decimal strings (a u64 does not fit a signed 64-bit column).

-- A successful transaction of the program, and where it stands in the ledger: `slot`, then
-- `tx_order` (its position among the program's transactions in that block).
CREATE TABLE transactions (
    signature TEXT PRIMARY KEY,
    slot BIGINT NOT NULL,
    tx_order BIGINT NOT NULL,
    block_time BIGINT,
    event_count BIGINT NOT NULL
);
CREATE INDEX transactions_by_position ON transactions (slot, tx_order);

-- One event: the IDL's decoding of it (`data`, JSON) and its exact bytes (`raw`, base64,
-- discriminator first), which the replay decodes again at start-up.
CREATE TABLE events (
    signature TEXT NOT NULL REFERENCES transactions (signature),
    event_index BIGINT NOT NULL,
    slot BIGINT NOT NULL,
    tx_order BIGINT NOT NULL,
    pool TEXT NOT NULL,
    name TEXT NOT NULL,
    data TEXT NOT NULL,
    raw TEXT NOT NULL,
    PRIMARY KEY (signature, event_index)
);
CREATE INDEX events_by_pool ON events (pool, name, slot);

-- The newest transaction stored (one row): catch-up after a restart starts from its slot.
CREATE TABLE indexer_cursor (
    id BIGINT PRIMARY KEY,
    signature TEXT NOT NULL,
    slot BIGINT NOT NULL
);

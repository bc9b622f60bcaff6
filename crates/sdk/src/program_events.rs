//! The program's events, decoded from where a transaction carries them: an event emitted
//! with `emit_cpi!` is the data of an inner instruction to the program (`EVENT_IX_TAG` +
//! discriminator + Borsh fields); one emitted with `emit!` is a `Program data:` log line
//! written while the program itself is executing. Both decode to the same bytes.
use anchor_lang::{prelude::Pubkey, AnchorDeserialize, Discriminator};
use lending_pool::events::*;

/// Every event of the program, as one type.
macro_rules! program_events {
    ($($name:ident),* $(,)?) => {
        #[derive(Debug, Clone, PartialEq)]
        pub enum ProgramEvent {
            $($name($name),)*
        }

        impl ProgramEvent {
            /// The event in `bytes` (discriminator first); `None` for bytes that are not one
            /// of the program's events or do not decode as one.
            pub fn decode(bytes: &[u8]) -> Option<Self> {
                let (disc, mut data) = bytes.split_at_checked(8)?;
                $(
                    if disc == <$name as Discriminator>::DISCRIMINATOR {
                        let event = $name::deserialize(&mut data).ok()?;
                        // trailing bytes mean the layout is not this program's
                        return data.is_empty().then_some(Self::$name(event));
                    }
                )*
                None
            }

            /// The event's name in the IDL.
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$name(_) => stringify!($name),)*
                }
            }

            /// The pool the event is about (every event names one).
            pub fn pool(&self) -> Pubkey {
                match self {
                    $(Self::$name(e) => e.pool,)*
                }
            }

            /// Every event name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];
        }
    };
}

program_events!(
    PoolInitialized,
    LpDeposited,
    LpWithdrawn,
    ExitRequested,
    ExitCompleted,
    ExitCancelled,
    InsuranceFunded,
    ConfigUpdated,
    PauseFlagsSet,
    GuardianSet,
    AdminTransferProposed,
    AdminTransferAccepted,
    InterestAccrued,
    CollateralAdded,
    CollateralUpdated,
    CollateralRetired,
    PositionOpened,
    PositionClosed,
    CollateralChanged,
    DebtChanged,
    InsuranceSwept,
    Liquidated,
    Recapitalized,
    PoolUnfrozen,
    BadDebtSettled,
    ShortfallMarked,
    Staked,
    UnstakeRequested,
    UnstakeCancelled,
    Unstaked,
    PausesLapsed,
    StakeClosed,
    FlashBorrowed,
    FlashRepaid,
);

/// The event bytes in an inner instruction's data, if the instruction is an `emit_cpi!` of
/// `program` (the caller checks the instruction's program id: anyone can send these bytes
/// to another program, and only the program's own self-CPI, signed by its event authority,
/// succeeds in ours).
pub fn cpi_event_bytes(data: &[u8]) -> Option<&[u8]> {
    data.strip_prefix(anchor_lang::event::EVENT_IX_TAG_LE)
}

/// The event bytes of every `Program data:` line `program` itself logged, in order. Lines
/// logged while another program runs (a CPI callee, or a program before or after ours) are
/// skipped: only the invocation stack tells whose line it is.
pub fn log_event_bytes(logs: &[String], program: &Pubkey) -> Vec<Vec<u8>> {
    use base64::Engine;
    let ours = program.to_string();
    let mut stack: Vec<bool> = vec![];
    let mut out = vec![];
    for line in logs {
        if let Some(rest) = line.strip_prefix("Program ") {
            if let Some((id, tail)) = rest.split_once(' ') {
                if tail.starts_with("invoke [") {
                    stack.push(id == ours);
                    continue;
                }
                if tail == "success" || tail.starts_with("failed") {
                    stack.pop();
                    continue;
                }
            }
        }
        if let Some(b64) = line.strip_prefix("Program data: ") {
            if stack.last() == Some(&true) {
                if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(b64) {
                    out.push(bytes);
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use anchor_lang::Event;

    fn funded() -> InsuranceFunded {
        InsuranceFunded {
            pool: Pubkey::new_unique(),
            donor: Pubkey::new_unique(),
            amount: 5,
            balance_before: 1,
            balance_after: 6,
            total_donations_after: 5,
            slot: 9,
            timestamp: 10,
        }
    }

    #[test]
    fn decodes_an_event_and_rejects_other_bytes() {
        let e = funded();
        let bytes = e.data();
        let decoded = ProgramEvent::decode(&bytes).unwrap();
        assert_eq!(decoded, ProgramEvent::InsuranceFunded(e.clone()));
        assert_eq!(
            (decoded.name(), decoded.pool()),
            ("InsuranceFunded", e.pool)
        );
        // unknown discriminator, truncated, trailing bytes, too short
        assert!(ProgramEvent::decode(&[0; 16]).is_none());
        assert!(ProgramEvent::decode(&bytes[..bytes.len() - 1]).is_none());
        assert!(ProgramEvent::decode(&[&bytes[..], &[0]].concat()).is_none());
        assert!(ProgramEvent::decode(&bytes[..4]).is_none());
        assert_eq!(ProgramEvent::NAMES.len(), 34);
    }

    #[test]
    fn cpi_events_need_the_event_tag() {
        let bytes = funded().data();
        let ix = [anchor_lang::event::EVENT_IX_TAG_LE, &bytes[..]].concat();
        assert_eq!(cpi_event_bytes(&ix), Some(&bytes[..]));
        assert_eq!(cpi_event_bytes(&bytes), None);
    }

    #[test]
    fn log_lines_count_only_while_the_program_runs() {
        use base64::Engine;
        let program = Pubkey::new_unique();
        let other = Pubkey::new_unique();
        let b64 = |b: &[u8]| base64::engine::general_purpose::STANDARD.encode(b);
        let logs: Vec<String> = [
            format!("Program data: {}", b64(&[1])), // outside any invocation
            format!("Program {other} invoke [1]"),
            format!("Program data: {}", b64(&[2])), // another program's
            format!("Program {other} success"),
            format!("Program {program} invoke [1]"),
            format!("Program data: {}", b64(&[3])),
            format!("Program {other} invoke [2]"),
            format!("Program data: {}", b64(&[4])), // logged inside a CPI callee
            format!("Program {other} success"),
            format!("Program data: {}", b64(&[5])),
            format!("Program {program} success"),
        ]
        .into();
        assert_eq!(log_event_bytes(&logs, &program), vec![vec![3], vec![5]]);
    }
}

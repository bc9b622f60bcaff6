use anchor_lang::prelude::*;

/// A u128 stored as 16 little-endian bytes (alignment 1), so zero-copy layouts are the same
/// under platform-tools (u128 aligned to 8) and the offline toolchain (aligned to 16).
#[zero_copy]
#[derive(Default, Debug, PartialEq, Eq)]
pub struct WrappedU128 {
    pub le_bytes: [u8; 16],
}

impl WrappedU128 {
    pub const fn new(v: u128) -> Self {
        Self {
            le_bytes: v.to_le_bytes(),
        }
    }
    pub const fn get(&self) -> u128 {
        u128::from_le_bytes(self.le_bytes)
    }
    pub fn set(&mut self, v: u128) {
        self.le_bytes = v.to_le_bytes();
    }
}

impl From<u128> for WrappedU128 {
    fn from(v: u128) -> Self {
        Self::new(v)
    }
}

const _: () = assert!(core::mem::size_of::<WrappedU128>() == 16);
const _: () = assert!(core::mem::align_of::<WrappedU128>() == 1);

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn round_trips() {
        for v in [0u128, 1, u64::MAX as u128 + 7, u128::MAX] {
            let mut w = WrappedU128::new(v);
            assert_eq!(w.get(), v);
            w.set(v / 3);
            assert_eq!(w.get(), v / 3);
        }
    }
}

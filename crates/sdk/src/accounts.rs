//! Decoding of the program's zero-copy accounts from raw account data.
use anchor_lang::{Discriminator, ZeroCopy};
use lending_pool::state::{InsuranceFund, Pool};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    TooShort { need: usize, got: usize },
    WrongDiscriminator,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::TooShort { need, got } => write!(f, "account data too short: {got} < {need}"),
            Self::WrongDiscriminator => write!(f, "account discriminator does not match"),
        }
    }
}
impl std::error::Error for DecodeError {}

/// Reads a zero-copy account (discriminator checked) from its raw data, at any alignment.
pub fn decode_zero_copy<T: ZeroCopy + Discriminator>(data: &[u8]) -> Result<T, DecodeError> {
    let disc = T::DISCRIMINATOR;
    let need = disc.len() + core::mem::size_of::<T>();
    if data.len() < need {
        return Err(DecodeError::TooShort {
            need,
            got: data.len(),
        });
    }
    if &data[..disc.len()] != disc {
        return Err(DecodeError::WrongDiscriminator);
    }
    Ok(bytemuck::pod_read_unaligned(&data[disc.len()..need]))
}

pub fn decode_pool(data: &[u8]) -> Result<Pool, DecodeError> {
    decode_zero_copy(data)
}

pub fn decode_insurance_fund(data: &[u8]) -> Result<InsuranceFund, DecodeError> {
    decode_zero_copy(data)
}

//! Random identifiers in the providers' formats.

const ALNUM: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// `len` random lowercase hex digits (Askell's 32-hex tokens).
pub(crate) fn hex(len: usize) -> String {
    (0..len)
        .map(|_| char::from(b"0123456789abcdef"[fastrand::usize(..16)]))
        .collect()
}

/// `len` random ASCII letters and digits (Resid tokens, Payelata ids).
pub(crate) fn alnum(len: usize) -> String {
    (0..len)
        .map(|_| char::from(ALNUM[fastrand::usize(..ALNUM.len())]))
        .collect()
}

/// `len` random decimal digits, the first non-zero.
pub(crate) fn digits(len: usize) -> String {
    (0..len)
        .map(|i| {
            let low = u8::from(i == 0);
            char::from(b'0' + fastrand::u8(low..10))
        })
        .collect()
}

/// A random (version 4) UUID.
pub(crate) fn uuid() -> uuid::Uuid {
    uuid::Uuid::new_v4()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        let h = hex(32);
        assert_eq!(h.len(), 32);
        assert!(
            h.bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
        );
        assert!(alnum(9).bytes().all(|b| b.is_ascii_alphanumeric()));
        let d = digits(12);
        assert_eq!(d.len(), 12);
        assert_ne!(d.as_bytes()[0], b'0');
        assert_ne!(uuid(), uuid());
    }
}

//! Error bodies decoded by their status.

/// The variant index the first entry of `table` whose inclusive status
/// range holds `status` names: the generated table lists the exact codes
/// first, then the ranges (`4XX`), then `default`, so the most specific
/// declaration wins.
#[must_use]
pub fn declared_status(status: u16, table: &[(u16, u16, usize)]) -> Option<usize> {
    table
        .iter()
        .find(|(low, high, _)| (*low..=*high).contains(&status))
        .map(|(_, _, variant)| *variant)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_most_specific_entry_listed_first_wins() {
        let table = [
            (404, 404, 0),
            (422, 422, 1),
            (400, 499, 2),
            (0, u16::MAX, 3),
        ];
        assert_eq!(declared_status(404, &table), Some(0));
        assert_eq!(declared_status(422, &table), Some(1));
        assert_eq!(declared_status(409, &table), Some(2));
        assert_eq!(declared_status(503, &table), Some(3));
        assert_eq!(declared_status(503, &table[..3]), None);
    }
}

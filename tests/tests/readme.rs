//! The README shows the facade's tables as the code generates them (crates/payments-facade
//! PROVIDERS.md, itself checked against the code by the facade's own test).

#[test]
fn the_readme_has_every_row_of_the_facade_tables_in_order() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/..");
    let readme = std::fs::read_to_string(format!("{root}/README.md")).expect("README.md");
    let tables = std::fs::read_to_string(format!("{root}/crates/payments-facade/PROVIDERS.md"))
        .expect("PROVIDERS.md");
    let mut at = 0;
    for row in tables.lines().filter(|l| l.starts_with('|')) {
        match readme[at..].find(row) {
            Some(i) => at += i + row.len(),
            None => panic!("README.md lacks (or misorders) the facade table row\n{row}"),
        }
    }
}

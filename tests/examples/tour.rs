//! The main job: one payment through its whole life with every provider, through the facade's
//! `dyn Gateway`, on the local sandbox started in-process.
//!
//! `cargo run -p payments-e2e --example tour`
//!
//! With `TOUR_LIVE=1` and a provider's real credentials in the environment (`PAYMENTS_PROVIDER`
//! and its variables, see payments-facade's `GatewayConfig`, plus `TOUR_CURRENCY` and
//! `TOUR_AMOUNT` in minor units), the same tour runs against that provider instead.

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    if std::env::var("TOUR_LIVE").is_ok_and(|v| v == "1") {
        print!("{}", payments_e2e::tour::live().await?);
        return Ok(());
    }
    let started = std::time::Instant::now();
    let (legs, transcript) = payments_e2e::tour::run().await?;
    print!("{transcript}");
    let verified = legs
        .iter()
        .filter(|l| l.webhook_verified == Some(true))
        .count();
    println!(
        "{} providers, {verified} webhooks verified, in {:.1} s.",
        legs.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

//! The main job: each provider client driven through a short checkout against a local mock.
//!
//! `cargo run -p payments-e2e --example demo`

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let steps = payments_e2e::run_demo().await?;
    for step in &steps {
        println!("{step}");
    }
    println!("{} steps against the local mock provider", steps.len());
    Ok(())
}

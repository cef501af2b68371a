//! `cargo run -p batch-workflow -- FILE...` with `LLAMA_CLOUD_API_KEY` set: parses the
//! files as one batch and prints what happened to each.

use std::path::Path;
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), llama_cloud::Error> {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let files: Vec<&Path> = paths.iter().map(Path::new).collect();
    let client = llama_cloud::Client::from_env()?;
    let (batch, outcomes) = batch_workflow::run(
        &client,
        &files,
        "cfg-PARSE_AGENTIC",
        Duration::from_secs(10),
    )
    .await?;
    println!("batch {} ended as {}", batch.id, batch.status);
    for outcome in outcomes {
        println!("{outcome:?}");
    }
    Ok(())
}

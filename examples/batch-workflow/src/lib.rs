//! The batch workflow of the LlamaCloud docs, with the generated `llama-cloud` SDK:
//! create an ephemeral directory, upload files into it, start a batch over it, wait for
//! a terminal status, then read the per-file results (`expand=results`).

use std::path::Path;
use std::time::Duration;

use llama_cloud::{
    BatchConfiguration, BatchCreateRequest, BatchJobConfig, BatchJobType, BatchResponse,
    BatchStatus, Client, CreateBatchParams, CreateDirectoryParams, DirectoryCreateRequest,
    DirectoryType, Error, FilePart, GetBatchExpandItem, GetBatchParams, UploadDirectoryFileBody,
    UploadDirectoryFileParams, WaitOptions,
};

/// What happened to one file of the batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    /// A job was created for the file (fetch it to see its own progress).
    Job { file: String, job_id: String },
    /// The service could not create a job for the file.
    Failed { file: String, message: String },
    /// No job is known for the file yet.
    Pending { file: String },
}

/// Runs the whole workflow over `files` with the parse configuration `configuration_id`,
/// polling every `poll_interval`. Returns the final batch and one outcome per file.
pub async fn run(
    client: &Client,
    files: &[&Path],
    configuration_id: &str,
    poll_interval: Duration,
) -> Result<(BatchResponse, Vec<FileOutcome>), Error> {
    // 1. An ephemeral directory: cleaned up by the service after it expires.
    let mut request = DirectoryCreateRequest::new("batch-input");
    request.type_ = Some(DirectoryType::Ephemeral);
    request.expires_at = Some((chrono::Utc::now() + chrono::Duration::days(2)).into());
    let directory = client
        .directories()
        .create(CreateDirectoryParams::new(request))
        .await?;

    // 2. Upload every file into it.
    for file in files {
        let part = FilePart::from_path(file)
            .map_err(|error| Error::InvalidArgument(format!("{}: {error}", file.display())))?;
        client
            .directories()
            .upload_file(UploadDirectoryFileParams::new(
                directory.id.clone(),
                UploadDirectoryFileBody::new(part),
            ))
            .await?;
    }

    // 3. One parse job per file.
    let job = BatchJobConfig::new(BatchJobType::ParseV2, configuration_id);
    let batch = client
        .batches()
        .create(CreateBatchParams::new(BatchCreateRequest::new(
            directory.id,
            BatchConfiguration::new(job),
        )))
        .await?;

    // 4. Wait for COMPLETED, FAILED or CANCELLED, asking for the per-file results.
    let done = client
        .batches()
        .wait_for_completion(
            GetBatchParams::new(batch.id).expand(vec![GetBatchExpandItem::Results]),
            WaitOptions::new().poll_interval(poll_interval),
        )
        .await?;

    // 5. A FAILED batch has no reliable per-file results.
    if done.status == BatchStatus::Failed {
        return Ok((done, Vec::new()));
    }
    let outcomes = done
        .results
        .iter()
        .flatten()
        .map(|result| {
            let file = result.source_directory_file_id.clone();
            match (&result.error_message, &result.job_reference) {
                (Some(message), _) => FileOutcome::Failed {
                    file,
                    message: message.clone(),
                },
                (None, Some(job)) => FileOutcome::Job {
                    file,
                    job_id: job.id.clone(),
                },
                (None, None) => FileOutcome::Pending { file },
            }
        })
        .collect();
    Ok((done, outcomes))
}

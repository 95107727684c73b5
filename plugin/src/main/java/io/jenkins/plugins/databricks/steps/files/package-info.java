/**
 * Moving files between the build's workspace and Databricks, on the agent that has them: the steps
 * {@code databricksUpload} ({@code UploadStep}), {@code databricksImport} ({@code ImportStep}) and
 * {@code databricksDownload} ({@code DownloadStep}), sharing {@code FileSelectionStep} and {@code TransferStep}; and
 * their operations {@code UploadOperation}, {@code ImportOperation}, {@code DownloadOperation}, sharing
 * {@code FileTransferOperation} and the {@code FilesOperation} contract. Operations travel to the agent with an
 * {@code AgentClient} (a short-lived token, never a service principal's secret) and are never saved with a build.
 *
 * <p>Depends on the client, the plugin's root package, {@code steps} and {@code support}.
 */
package io.jenkins.plugins.databricks.steps.files;

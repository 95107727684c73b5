/**
 * Moving files between a machine and a workspace: {@code Uploads} and {@code Downloads} (Files API on volumes, DBFS)
 * with their requests ({@code FileTransferRequest}, {@code UploadRequest}, {@code DownloadRequest}), the local side
 * ({@code LocalFiles}, {@code LocalTarget}), the remote listing ({@code RemoteFiles}), parallel work
 * ({@code Transfers}) and {@code TransferException}.
 *
 * <p>Depends on {@code core} and the root package.
 */
package io.jenkins.plugins.databricks.client.files;

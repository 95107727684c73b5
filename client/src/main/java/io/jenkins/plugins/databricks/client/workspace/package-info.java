/**
 * The workspace tree and Git folders: {@code Workspace} (list, mkdirs, import of files and directories with
 * {@code ImportRequest}, export) with {@code WorkspacePaths}, and {@code Repos} with {@code RepoUpdateRequest}.
 *
 * <p>Depends on {@code core}, the root package, {@code files} (imports share the file selection and parallel
 * transfers of uploads) and {@code jobs} (Git provider names).
 */
package io.jenkins.plugins.databricks.client.workspace;

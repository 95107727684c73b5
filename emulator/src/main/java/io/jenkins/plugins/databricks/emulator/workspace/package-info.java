/**
 * Files: the workspace tree ({@code Workspace}, {@code WorkspaceApi}, {@code ObjectType}), Git folders
 * ({@code Repos}, {@code ReposApi}), and the byte stores behind the Files API on volumes ({@code FilesApi}) and DBFS
 * ({@code DbfsApi}), both {@code FileStore}s.
 *
 * <p>Depends on {@code server} only.
 */
package io.jenkins.plugins.databricks.emulator.workspace;

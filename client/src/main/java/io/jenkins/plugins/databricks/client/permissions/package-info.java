/**
 * Object permissions: {@code Permissions} (get, set, update the access control list of clusters, jobs, notebooks,
 * directories, ...) and {@code AccessControlEntry}, one entry of such a list.
 *
 * <p>Depends on {@code core} and the root package.
 */
package io.jenkins.plugins.databricks.client.permissions;

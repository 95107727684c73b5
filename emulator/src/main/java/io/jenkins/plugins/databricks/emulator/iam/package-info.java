/**
 * Who may do what: {@code Users} (users, groups, service principals, tokens) with the SCIM endpoints
 * ({@code ScimApi}), and {@code Permissions} with its endpoints ({@code PermissionsApi}).
 *
 * <p>Depends on {@code server} and {@code workspace} (object permissions name notebooks and directories).
 */
package io.jenkins.plugins.databricks.emulator.iam;

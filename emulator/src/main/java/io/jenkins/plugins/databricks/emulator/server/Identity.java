package io.jenkins.plugins.databricks.emulator.server;

/**
 * Who made a request: the user behind a personal access token, or a service principal that got an
 * OAuth access token. A service principal's userName is its application (client) id, as on Databricks.
 */
public record Identity(String id, String userName, String displayName, boolean servicePrincipal) {

    /** The ACL principal field that names this identity in permission answers. */
    public String aclField() {
        return servicePrincipal ? "service_principal_name" : "user_name";
    }
}

package io.jenkins.plugins.databricks.emulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The data {@code --demo} starts with: the ids the README's quick start and docs/local-emulator.md use, so their
 * Jenkinsfiles run as written against a fresh emulator.
 */
final class Demo {
    static final String CLUSTER_ID = "0123-456789-abcdefgh";
    static final long JOB_ID = 42;
    static final String USER = "data-engineer@example.com";
    static final String GROUP = "data-engineers";
    static final String SERVICE_PRINCIPAL = "9d5f2f6e-1c3b-4d8e-a7b0-3f2e1d0c9b8a";

    private Demo() {}

    /** Seeds the demo data into a fresh (or just reset) emulator. */
    static void seed(DatabricksEmulator emu) {
        // TERMINATED, so databricksStartCluster has something to start
        emu.clusters().createWithId(CLUSTER_ID, "demo-cluster", "TERMINATED");
        emu.jobs().createWithId(JOB_ID, "demo-job", "SUCCESS");
        ObjectNode settings = emu.jobs().get(JOB_ID).settings.deepCopy();
        ObjectNode env = settings.putArray("parameters").addObject();
        env.put("name", "env");
        env.put("default", "dev");
        emu.jobs().replaceSettings(JOB_ID, settings);
        emu.users().addUser(USER);
        emu.users().addServicePrincipal(SERVICE_PRINCIPAL);
        emu.users().addGroup(GROUP, USER, SERVICE_PRINCIPAL);
    }

    /** One line for the console. */
    static String summary() {
        return "demo data: cluster " + CLUSTER_ID + " (demo-cluster, TERMINATED), job " + JOB_ID
                + " (demo-job, parameter env), user " + USER + ", group " + GROUP + ", service principal "
                + SERVICE_PRINCIPAL;
    }
}

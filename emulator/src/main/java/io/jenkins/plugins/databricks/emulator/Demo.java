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
    static final String WAREHOUSE_ID = "a1b2c3d4e5f60718";
    static final String WAREHOUSE_NAME = "Starter Warehouse";

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
        // STOPPED, so the first statement shows the warehouse starting
        emu.sql().warehouses().createStopped(WAREHOUSE_ID, WAREHOUSE_NAME);
        emu.sql().execute("CREATE TABLE main.default.orders (order_id BIGINT, customer STRING, amount DECIMAL(10,2), "
                + "order_date DATE);"
                + "INSERT INTO main.default.orders VALUES (1001, 'Ada', 120.50, DATE '2026-11-30'), "
                + "(1002, 'Grace', 75.00, DATE '2026-11-30'), (1003, 'Linus', 310.25, DATE '2026-12-01'), "
                + "(1004, 'Ada', 42.00, DATE '2026-12-01'), (1005, 'Barbara', 99.99, DATE '2026-12-02')");
    }

    /** One line for the console. */
    static String summary() {
        return "demo data: cluster " + CLUSTER_ID + " (demo-cluster, TERMINATED), job " + JOB_ID
                + " (demo-job, parameter env), user " + USER + ", group " + GROUP + ", service principal "
                + SERVICE_PRINCIPAL + ", SQL warehouse " + WAREHOUSE_ID + " (" + WAREHOUSE_NAME + ", STOPPED) with table "
                + "main.default.orders";
    }
}

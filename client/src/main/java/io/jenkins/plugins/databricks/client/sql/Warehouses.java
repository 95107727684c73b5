package io.jenkins.plugins.databricks.client.sql;

import io.jenkins.plugins.databricks.client.DatabricksClient;
import io.jenkins.plugins.databricks.client.DatabricksException;
import io.jenkins.plugins.databricks.client.core.Checks;
import io.jenkins.plugins.databricks.client.ProgressListener;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * SQL warehouses ({@code /api/2.0/sql/warehouses}): read, list, start and stop, and finding one by id or name.
 * Obtained from {@link DatabricksClient#warehouses()}.
 */
public final class Warehouses {
    static final String BASE = "/api/2.0/sql/warehouses";

    private final DatabricksClient client;

    public Warehouses(DatabricksClient client) {
        this.client = client;
    }

    /**
     * @param id the warehouse id
     * @return the warehouse ({@code id, name, state, cluster_size, ...})
     * @throws InterruptedException when interrupted
     */
    public Map<String, Object> get(String id) throws InterruptedException {
        Checks.id(id, "warehouse", "1234567890abcdef");
        return Checks.map(client.send("GET", BASE + "/" + id, List.of(), null, true), "sql/warehouses/get");
    }

    /**
     * @return every warehouse the credential can see
     * @throws InterruptedException when interrupted
     */
    public List<Map<String, Object>> list() throws InterruptedException {
        return Checks.listOfMaps(Checks.map(client.send("GET", BASE, List.of(), null, true), "sql/warehouses/list"),
                "warehouses");
    }

    /** Starts a stopped warehouse; returns at once. */
    public void start(String id) throws InterruptedException {
        Checks.id(id, "warehouse", "1234567890abcdef");
        client.send("POST", BASE + "/" + id + "/start", List.of(), Map.of(), true);
    }

    /** Stops a running warehouse; returns at once. */
    public void stop(String id) throws InterruptedException {
        Checks.id(id, "warehouse", "1234567890abcdef");
        client.send("POST", BASE + "/" + id + "/stop", List.of(), Map.of(), true);
    }

    /**
     * The warehouse a statement is to run on, found by id or name and started when it is stopped: a statement sent
     * to a stopped warehouse waits until the warehouse runs, and the log should say why it waits.
     *
     * @param idOrName what the user wrote
     * @param listener told when the warehouse is being started; may be null
     * @return the warehouse's id
     * @throws DatabricksException as {@link #find} does, or {@code INVALID_STATE} for a deleted warehouse
     */
    public String prepare(String idOrName, ProgressListener listener) throws InterruptedException {
        ProgressListener progress = Checks.listener(listener);
        Map<String, Object> w = find(idOrName);
        String id = String.valueOf(w.get("id"));
        String state = String.valueOf(w.get("state"));
        String name = "SQL warehouse '" + w.get("name") + "' (" + id + ")";
        switch (state) {
            case "STOPPED", "STOPPING" -> {
                start(id);
                progress.progress(name + " was " + state + "; starting it (the statement waits until it runs, "
                        + "usually a few minutes)");
            }
            case "DELETED", "DELETING" -> throw new DatabricksException("INVALID_STATE", "warehouse: " + name + " is "
                    + state + "; give a warehouse that exists");
            default -> progress.progress(name + " is " + state);
        }
        return id;
    }

    /**
     * The warehouse a user named: by id, else by exact name, else by the one name that matches ignoring case.
     *
     * @param idOrName what the user wrote
     * @return the warehouse
     * @throws DatabricksException {@code RESOURCE_DOES_NOT_EXIST} naming the warehouses there are, or
     *         {@code INVALID_PARAMETER_VALUE} when a name matches more than one
     */
    public Map<String, Object> find(String idOrName) throws InterruptedException {
        Checks.notBlank(idOrName, "warehouse", "a SQL warehouse id (1234567890abcdef) or name");
        List<Map<String, Object>> all = list();
        for (Map<String, Object> w : all) {
            if (idOrName.equals(w.get("id"))) {
                return w;
            }
        }
        List<Map<String, Object>> named = new ArrayList<>();
        for (Map<String, Object> w : all) {
            if (idOrName.equals(w.get("name"))) {
                named.add(w);
            }
        }
        if (named.isEmpty()) {
            for (Map<String, Object> w : all) {
                if (idOrName.equalsIgnoreCase(String.valueOf(w.get("name")))) {
                    named.add(w);
                }
            }
        }
        if (named.size() == 1) {
            return named.get(0);
        }
        List<String> known = new ArrayList<>();
        for (Map<String, Object> w : named.isEmpty() ? all : named) {
            if (known.size() == 10) {
                known.add("...");
                break;
            }
            known.add("'" + w.get("name") + "' (" + w.get("id") + ")");
        }
        if (named.isEmpty()) {
            throw new DatabricksException("RESOURCE_DOES_NOT_EXIST", "warehouse: no SQL warehouse has the id or name '"
                    + idOrName + "'; " + (all.isEmpty() ? "this credential sees no warehouse"
                    : "there are " + String.join(", ", known)));
        }
        throw new DatabricksException("INVALID_PARAMETER_VALUE", "warehouse: the name '" + idOrName + "' matches "
                + named.size() + " SQL warehouses, " + String.join(", ", known) + "; give the id");
    }
}

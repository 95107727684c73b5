package io.jenkins.plugins.databricks.emulator.faults;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Requests received per method + path and answers sent per status, so tests can assert what a client did. */
public final class Counters {
    private final Map<String, LongAdder> byEndpoint = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> byPath = new ConcurrentHashMap<>();
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder total = new LongAdder();

    public void request(String method, String path) {
        byEndpoint.computeIfAbsent(method + " " + path, k -> new LongAdder()).increment();
        byPath.computeIfAbsent(path, k -> new LongAdder()).increment();
        total.increment();
    }

    public void status(int status) {
        byStatus.computeIfAbsent(status, k -> new LongAdder()).increment();
    }

    public long requests(String method, String path) {
        LongAdder a = byEndpoint.get(method.toUpperCase(java.util.Locale.ROOT) + " " + path);
        return a == null ? 0 : a.sum();
    }

    public long requests(String path) {
        LongAdder a = byPath.get(path);
        return a == null ? 0 : a.sum();
    }

    public long statuses(int status) {
        LongAdder a = byStatus.get(status);
        return a == null ? 0 : a.sum();
    }

    public long total() {
        return total.sum();
    }

    public void reset() {
        byEndpoint.clear();
        byPath.clear();
        byStatus.clear();
        total.reset();
    }

    public Map<String, Object> snapshot() {
        Map<String, Long> requests = new TreeMap<>();
        byEndpoint.forEach((k, v) -> requests.put(k, v.sum()));
        Map<String, Long> statuses = new TreeMap<>();
        byStatus.forEach((k, v) -> statuses.put(Integer.toString(k), v.sum()));
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        out.put("total", total.sum());
        out.put("requests", requests);
        out.put("statuses", statuses);
        return out;
    }
}

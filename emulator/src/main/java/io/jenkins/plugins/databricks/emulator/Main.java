package io.jenkins.plugins.databricks.emulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone entry point: {@code java -jar databricks-emulator.jar --port 8080 --token dapi-local}.
 * Prints the base URL on one line once the server accepts connections, then runs until killed.
 */
public final class Main {
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar databricks-emulator.jar [options]",
            "  --port N                           port to listen on (default 8080; 0 picks a free port)",
            "  --token TOKEN                      a valid personal access token (repeatable)",
            "  --service-principal ID:SECRET      OAuth M2M client credentials (repeatable)",
            "  --user NAME                        userName of the token owner (default user@example.com)",
            "  --cluster-start-seconds N          time a cluster takes to start (default 3)",
            "  --run-seconds N                    time a job run takes (default 2)",
            "  --clock-speed X                    run emulated time X times faster than wall time (default 1)",
            "  --help                             print this help",
            "At least one --token or --service-principal is required.",
            "Control endpoints (faults, counters, clock, reset) live under /emulator/; see the README.");

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        DatabricksEmulator emu = start(args, System.out, System.err);
        if (emu == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emu::close));
        new CountDownLatch(1).await();
    }

    /**
     * Parses the arguments and starts the emulator; null after --help. Exits with status 2 on bad usage
     * when called from {@link #main}; tests call {@link #parse} instead.
     */
    static DatabricksEmulator start(String[] args, PrintStream out, PrintStream err) {
        DatabricksEmulator.Builder builder;
        try {
            builder = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                out.println(USAGE);
                return null;
            }
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            System.exit(2);
            return null;
        }
        DatabricksEmulator emu = builder.start();
        out.println(emu.baseUrl());
        out.flush();
        return emu;
    }

    /** A usage problem; a null message means --help. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static DatabricksEmulator.Builder parse(String[] args) throws UsageException {
        DatabricksEmulator.Builder b = DatabricksEmulator.builder().port(8080);
        boolean credentials = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new UsageException(null);
            }
            String name = a;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                if (i + 1 >= args.length) {
                    throw new UsageException(a.startsWith("--") ? a + " needs a value" : "unknown argument " + a);
                }
                value = args[++i];
            }
            try {
                switch (name) {
                    case "--port":
                        b.port(Integer.parseInt(value));
                        break;
                    case "--token":
                        b.token(value);
                        credentials = true;
                        break;
                    case "--service-principal": {
                        int colon = value.indexOf(':');
                        if (colon <= 0 || colon == value.length() - 1) {
                            throw new UsageException("--service-principal needs CLIENT_ID:SECRET");
                        }
                        b.servicePrincipal(value.substring(0, colon), value.substring(colon + 1));
                        credentials = true;
                        break;
                    }
                    case "--user":
                        b.userName(value);
                        break;
                    case "--cluster-start-seconds":
                        b.clusterStartDuration(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
                        break;
                    case "--clock-speed":
                        b.clock(EmulatorClock.fast(Double.parseDouble(value)));
                        break;
                    case "--run-seconds":
                        b.runDuration(Duration.ofMillis((long) (Double.parseDouble(value) * 1000)));
                        break;
                    default:
                        throw new UsageException("unknown option " + name);
                }
            } catch (NumberFormatException e) {
                throw new UsageException(name + " needs a number, got '" + value + "'");
            } catch (IllegalArgumentException e) {
                throw new UsageException(name + ": " + e.getMessage());
            }
        }
        if (!credentials) {
            throw new UsageException("give at least one --token or --service-principal");
        }
        return b;
    }
}

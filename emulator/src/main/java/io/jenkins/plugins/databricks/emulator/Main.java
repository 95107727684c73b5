package io.jenkins.plugins.databricks.emulator;

import io.jenkins.plugins.databricks.emulator.oauth.Federation;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone entry point: {@code java -jar databricks-emulator.jar --port 8090 --token dapi-local}.
 * Prints the base URL on one line once the server accepts connections, then runs until killed.
 */
public final class Main {
    static final int DEFAULT_PORT = 8090;
    static final String USAGE = String.join(System.lineSeparator(),
            "Usage: java -jar databricks-emulator.jar [options]",
            "  --port N                           port to listen on (default " + DEFAULT_PORT + "; 0 picks a free port)",
            "  --token TOKEN                      a valid personal access token (repeatable)",
            "  --service-principal ID:SECRET      OAuth M2M client credentials (repeatable)",
            "  --user NAME                        userName of the token owner (default user@example.com)",
            "  --demo                             start with the README's demo data: cluster 0123-456789-abcdefgh,",
            "                                     job 42, a user, a group and a service principal",
            "  --cluster-start-seconds N          time a cluster takes to start (default 3)",
            "  --run-seconds N                    time a job run takes (default 2)",
            "  --clock-speed X                    run emulated time X times faster than wall time (default 1)",
            "  --federation-policy ISSUER,AUDIENCE,SUBJECT[,CLIENT_ID]",
            "                                     a token federation policy of service principal CLIENT_ID, or",
            "                                     account-wide without it; SUBJECT may end in * (repeatable)",
            "  --allow-http-issuers               accept http federation issuers on loopback hosts",
            "  --help                             print this help",
            "At least one --token, --service-principal or --federation-policy is required.",
            "Control endpoints (faults, counters, clock, reset) live under /emulator/; see the README.");

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        DatabricksEmulator emu;
        try {
            emu = start(args, System.out, System.err);
        } catch (Exit e) {
            System.exit(e.status);
            return;
        }
        if (emu == null) {
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(emu::close));
        new CountDownLatch(1).await();
    }

    /** Ends the program with a status; {@link #main} turns it into {@code System.exit}, tests inspect it. */
    static final class Exit extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Exit(int status) {
            super("exit " + status);
            this.status = status;
        }
    }

    /**
     * Parses the arguments and starts the emulator; null after --help. Bad usage prints the problem and the
     * usage to {@code err} and ends with status 2; a port that cannot be bound prints one line and ends with 1.
     */
    static DatabricksEmulator start(String[] args, PrintStream out, PrintStream err) throws Exit {
        EmulatorBuilder builder;
        try {
            builder = parse(args);
        } catch (UsageException e) {
            if (e.getMessage() == null) {
                out.println(USAGE);
                return null;
            }
            err.println("error: " + e.getMessage());
            err.println(USAGE);
            throw new Exit(2);
        }
        DatabricksEmulator emu;
        try {
            emu = builder.start();
        } catch (UncheckedIOException e) {
            err.println(e.getCause() instanceof BindException
                    ? "error: port " + builder.requestedPort() + " is already in use; stop what listens there or "
                            + "choose another port with --port N (0 picks a free one)"
                    : "error: could not start the emulator on port " + builder.requestedPort() + ": "
                            + e.getCause().getMessage());
            throw new Exit(1);
        }
        out.println(emu.baseUrl());
        if (builder.isDemo()) {
            out.println(Demo.summary());
        }
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

    static EmulatorBuilder parse(String[] args) throws UsageException {
        EmulatorBuilder b = DatabricksEmulator.builder().port(DEFAULT_PORT);
        boolean credentials = false;
        boolean allowHttpIssuers = false;
        List<String[]> policies = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                throw new UsageException(null);
            }
            if (a.equals("--allow-http-issuers")) {
                b.allowHttpIssuers();
                allowHttpIssuers = true;
                continue;
            }
            if (a.equals("--demo")) {
                b.demo();
                continue;
            }
            String name = a;
            String value;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(0, eq);
                value = a.substring(eq + 1);
            } else {
                if (!a.startsWith("--")) {
                    throw new UsageException("unknown argument " + a);
                }
                if (i + 1 >= args.length) {
                    throw new UsageException(a + " needs a value");
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
                    case "--federation-policy": {
                        String[] p = value.split(",", -1);
                        if (p.length < 3 || p.length > 4) {
                            throw new UsageException("--federation-policy needs ISSUER,AUDIENCE,SUBJECT[,CLIENT_ID]");
                        }
                        policies.add(p);
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
        for (String[] p : policies) {
            String clientId = p.length == 4 && !p[3].isBlank() ? p[3].strip() : null;
            try {
                Federation.check(p[0], p[1], p[2], allowHttpIssuers);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--federation-policy: " + e.getMessage());
            }
            b.federationPolicy(p[0].strip(), p[1].strip(), p[2].strip(), clientId);
        }
        if (!credentials) {
            throw new UsageException("give at least one --token, --service-principal or --federation-policy");
        }
        return b;
    }
}

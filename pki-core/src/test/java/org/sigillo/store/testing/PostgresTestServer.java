package org.sigillo.store.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL server for the test JVM: one per JVM, started on first use with the
 * server binaries of this machine ({@code SIGILLO_PG_BIN}, else the newest
 * {@code /usr/lib/postgresql/<version>/bin}), listening on 127.0.0.1 on a free port with trust
 * authentication, its data in a temp directory deleted (after {@code pg_ctl stop}) at JVM exit.
 * As root the server runs as the {@code postgres} OS user (PostgreSQL refuses root).
 *
 * <pre>{@code
 * PgTestDatabase pg = PostgresTestServer.get().createDatabase();   // fresh, empty database
 * try (Database db = pg.open()) { ... }                             // reopen with pg.open() again
 * }</pre>
 *
 * Missing binaries fail the test with a message pointing at {@code ./run-tests}, never skip it.
 */
public final class PostgresTestServer {

    /** The superuser created by initdb; trust authentication, so no password. */
    public static final String USER = "sigillo";
    private static final Path DEBIAN_PG = Path.of("/usr/lib/postgresql");

    private final Path root;
    private final Path bin;
    private final boolean asPostgresUser;
    private final int port;
    private final AtomicInteger databases = new AtomicInteger();

    private PostgresTestServer(Path bin) throws IOException, InterruptedException {
        this.bin = bin;
        this.asPostgresUser = isRoot();
        this.root = Files.createTempDirectory("sigillo-pg-");
        Runtime.getRuntime().addShutdownHook(new Thread(this::stopAndDelete, "sigillo-pg-stop"));
        if (asPostgresUser) {
            chownToPostgres(root);
        }
        run(List.of(bin.resolve("initdb").toString(), "-D", data().toString(), "-U", USER, "-A", "trust",
                "-E", "UTF8", "--no-sync", "--no-locale"), 120);
        int started = -1;
        IOException last = null;
        for (int attempt = 0; attempt < 3 && started < 0; attempt++) {
            int candidate = freePort();
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-l",
                        root.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                        "-p " + candidate + " -k " + root + " -c listen_addresses=127.0.0.1"
                                + " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
                                + " -c max_connections=100 -c deadlock_timeout=200ms",
                        "start"), 90);
                started = candidate;
            } catch (IOException e) {
                last = e;
            }
        }
        if (started < 0) {
            throw new IOException("PostgreSQL did not start; log: " + readLog(), last);
        }
        this.port = started;
    }

    /** The server of this JVM, started on first call. */
    public static PostgresTestServer get() {
        return Holder.SERVER;
    }

    /** Creates a new, empty database with a unique name. */
    public PgTestDatabase createDatabase() {
        String name = "sigillo_t" + databases.incrementAndGet();
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return new PgTestDatabase(url(name), USER, name);
    }

    /** The TCP port the server listens on (127.0.0.1). */
    public int port() {
        return port;
    }

    /** The JDBC URL of a database on this server. */
    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private Path data() {
        return root.resolve("data");
    }

    private static Path findBin() {
        return findBin(System.getenv("SIGILLO_PG_BIN"), DEBIAN_PG);
    }

    /** The server binaries: {@code env} if set, else the newest {@code <debianRoot>/<version>/bin}. */
    static Path findBin(String env, Path debianRoot) {
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env);
            if (!Files.isExecutable(p.resolve("initdb")) || !Files.isExecutable(p.resolve("pg_ctl"))) {
                throw new IllegalStateException("SIGILLO_PG_BIN=" + env + " has no initdb/pg_ctl. " + HINT);
            }
            return p;
        }
        if (Files.isDirectory(debianRoot)) {
            try (Stream<Path> versions = Files.list(debianRoot)) {
                var newest = versions.filter(v -> v.getFileName().toString().matches("[0-9]+(\\.[0-9]+)?"))
                        .filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())));
                if (newest.isPresent()) {
                    return newest.get().resolve("bin");
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("PostgreSQL server binaries (initdb, pg_ctl) not found in "
                + debianRoot + "/*/bin and SIGILLO_PG_BIN is not set. " + HINT);
    }

    private static final String HINT = "Run the tests with the README's test command, ./run-tests, which installs"
            + " PostgreSQL (Debian package 'postgresql') and sets SIGILLO_PG_BIN.";

    private static boolean isRoot() throws IOException {
        return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    }

    private static void chownToPostgres(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal postgres;
        GroupPrincipal group;
        try {
            postgres = users.lookupPrincipalByName("postgres");
            group = users.lookupPrincipalByGroupName("postgres");
        } catch (IOException e) {
            throw new IllegalStateException("running as root but there is no 'postgres' OS user to run the"
                    + " server as. " + HINT, e);
        }
        PosixFileAttributeView view = Files.getFileAttributeView(dir, PosixFileAttributeView.class);
        view.setOwner(postgres);
        view.setGroup(group);
    }

    private void run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            if (Files.isExecutable(Path.of("/usr/sbin/runuser")) || Files.isExecutable(Path.of("/sbin/runuser"))) {
                full.addAll(List.of("runuser", "-u", "postgres", "--"));
                full.addAll(command);
            } else {
                full.addAll(List.of("su", "postgres", "-s", "/bin/sh", "-c", shellQuote(command)));
            }
        } else {
            full.addAll(command);
        }
        Path out = Files.createTempFile("sigillo-pg-cmd", ".out");
        try {
            Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile())
                    .directory(root.toFile()).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out after " + timeoutSeconds + "s: " + full);
            }
            if (p.exitValue() != 0) {
                throw new IOException("exit " + p.exitValue() + ": " + full + "\n"
                        + Files.readString(out, StandardCharsets.UTF_8));
            }
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static String shellQuote(List<String> command) {
        StringBuilder sb = new StringBuilder();
        for (String s : command) {
            sb.append('\'').append(s.replace("'", "'\\''")).append("' ");
        }
        return sb.toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private String readLog() {
        try {
            return Files.readString(root.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private void stopAndDelete() {
        try {
            if (Files.exists(data().resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data().toString(), "-m", "immediate",
                        "-w", "stop"), 60);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("sigillo: could not stop test PostgreSQL in " + root + ": " + e.getMessage());
        }
        try (Stream<Path> all = Files.walk(root)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            System.err.println("sigillo: could not delete " + root + ": " + e.getMessage());
        }
    }

    /** Lazy, thread-safe, once-per-JVM start (class initialization). */
    private static final class Holder {
        static final PostgresTestServer SERVER = start();

        private static PostgresTestServer start() {
            Path bin = findBin();
            try {
                return new PostgresTestServer(bin);
            } catch (IOException e) {
                throw new IllegalStateException("cannot start test PostgreSQL from " + bin + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted starting test PostgreSQL", e);
            }
        }
    }
}

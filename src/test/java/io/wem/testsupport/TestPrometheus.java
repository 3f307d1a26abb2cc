package io.wem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real Prometheus server from the Debian package {@code prometheus} (2.42 on Debian 12), started once per test JVM
 * on a free port of 127.0.0.1 and stopped when the JVM exits. Its only scrape target is itself.
 */
public final class TestPrometheus {

    private static final Path BINARY = Path.of("/usr/bin/prometheus");
    private static final String CONFIG_FILE = "prometheus.yml";

    private static TestPrometheus shared;

    private final LocalServer server;

    private TestPrometheus(LocalServer server) {
        this.server = server;
    }

    /** Returns the server of this test JVM, starting it on the first call. */
    public static synchronized TestPrometheus shared() {
        if (shared == null) {
            LocalServer server = LocalServer.start("Prometheus", BINARY, "prometheus", TestPrometheus::commandLine);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-prometheus"));
            shared = new TestPrometheus(server);
        }
        return shared;
    }

    /** Base URL without a trailing slash, for example {@code http://127.0.0.1:40123}. */
    public String url() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** A scrape job of a dedicated server: its name, the path of its metrics, and one target as host:port. */
    public record ScrapeJob(String name, String metricsPath, String target) {
    }

    /**
     * Starts a server of the caller's own that scrapes the given jobs every second, for tests that need series soon
     * after they start. The caller stops it with {@link #stop()}.
     */
    public static TestPrometheus startScraping(List<ScrapeJob> jobs) {
        return new TestPrometheus(LocalServer.start("Prometheus", BINARY, "prometheus", (port, directory) -> {
            List<String> config = new ArrayList<>(List.of("global:", "  scrape_interval: 1s", "scrape_configs:"));
            for (ScrapeJob job : jobs) {
                config.addAll(List.of(
                        "  - job_name: " + job.name(),
                        "    metrics_path: " + job.metricsPath(),
                        "    static_configs:",
                        "      - targets: ['" + job.target() + "']"));
            }
            config.add("");
            Path file = directory.resolve(CONFIG_FILE);
            Files.writeString(file, String.join("\n", config));
            return List.of(BINARY.toString(), "--config.file=" + file, "--storage.tsdb.path=" + directory.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port);
        }));
    }

    /** Stops a server from {@link #startScraping}; the shared server stops when the JVM exits. */
    public void stop() {
        server.stop();
    }

    /** Writes a config that scrapes only this server and returns the command line that uses it. */
    private static List<String> commandLine(int port, Path directory) throws IOException {
        Path config = directory.resolve(CONFIG_FILE);
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 15s",
                "scrape_configs:",
                "  - job_name: prometheus",
                "    static_configs:",
                "      - targets: ['127.0.0.1:" + port + "']",
                ""));
        return List.of(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port);
    }

    /**
     * Server process started from a Debian package's binary on 127.0.0.1, with a temporary directory for its
     * config, data and log. {@link TestAlertmanager} uses it as well.
     */
    static final class LocalServer {

        private static final int MAX_ATTEMPTS = 3;
        private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
        private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
        private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
        private static final int LOG_TAIL_LINES = 30;
        private static final String LOG_FILE = "server.log";
        /** Text of Go's bind error, which both Prometheus 2.42 and Alertmanager 0.25 log before they exit. */
        private static final String PORT_IN_USE = "address already in use";

        /** Command line of a server for a given port. It may write config files into {@code directory}. */
        @FunctionalInterface
        interface CommandLine {
            List<String> build(int port, Path directory) throws IOException;
        }

        private final String name;
        private final Process process;
        private final Path directory;
        private final int port;
        private final String readyPath;

        private LocalServer(String name, Process process, Path directory, int port, String readyPath) {
            this.name = name;
            this.process = process;
            this.directory = directory;
            this.port = port;
            this.readyPath = readyPath;
        }

        /**
         * Starts {@code binary} and waits until {@code GET /-/ready} returns 200. Picks a new port and tries again,
         * up to {@value #MAX_ATTEMPTS} times, when another process took the chosen port first.
         *
         * @throws IllegalStateException when the binary is missing, or when the server exits or is not ready
         *                               within 30 seconds. In the last two cases the message ends with the
         *                               server's last output lines.
         */
        static LocalServer start(String name, Path binary, String debianPackage, CommandLine commandLine) {
            return start(name, binary, debianPackage, commandLine, "/-/ready");
        }

        /** Starts a server as {@link #start(String, Path, String, CommandLine)} does, waiting for {@code readyPath} to return 200. */
        static LocalServer start(String name, Path binary, String debianPackage, CommandLine commandLine, String readyPath) {
            if (!Files.isExecutable(binary)) {
                throw new IllegalStateException(binary + " is missing, so the tests cannot start " + name
                        + ". Install the Debian package " + debianPackage
                        + " (./wem test installs it when run as root).");
            }
            Path directory = createTemporaryDirectory(name);
            for (int attempt = 1; ; attempt++) {
                int port = findFreePort();
                Process process;
                try {
                    process = launch(commandLine, port, directory);
                } catch (UncheckedIOException e) {
                    deleteRecursively(directory);
                    throw e;
                }
                LocalServer server = new LocalServer(name, process, directory, port, readyPath);
                try {
                    server.awaitReady();
                    return server;
                } catch (IllegalStateException e) {
                    boolean portTaken = !process.isAlive() && server.logContains(PORT_IN_USE);
                    if (portTaken && attempt < MAX_ATTEMPTS) {
                        System.err.println(name + " could not bind port " + port + ", retrying on another port");
                        continue;
                    }
                    server.stop();
                    throw e;
                }
            }
        }

        String url() {
            return "http://127.0.0.1:" + port;
        }

        int port() {
            return port;
        }

        /**
         * Stops the process with SIGTERM, then with SIGKILL if it is still running after 10 seconds, and deletes
         * the temporary directory. Errors go to standard error, because this also runs in a shutdown hook.
         */
        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.err.println(name + " (pid " + process.pid() + ") ignored SIGTERM for "
                            + STOP_TIMEOUT.toSeconds() + " s, sending SIGKILL");
                    process.destroyForcibly();
                    process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            deleteRecursively(directory);
        }

        private void awaitReady() {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(url() + readyPath))
                    .timeout(Duration.ofSeconds(2))
                    .GET()
                    .build();
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            String lastResult = "no response";
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw failure("exited with code " + process.exitValue() + " before it was ready");
                }
                try {
                    HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                    // NOTE: a process that took the port between findFreePort and the launch could send this
                    // response. The isAlive check catches that only when this server has already exited.
                    if (response.statusCode() == 200 && process.isAlive()) {
                        return;
                    }
                    lastResult = "status " + response.statusCode() + ": " + response.body().strip();
                } catch (IOException e) {
                    // Refused connections and timeouts are expected until the server listens.
                    lastResult = e.toString();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw failure("start was interrupted");
                }
                sleep(POLL_INTERVAL);
            }
            throw failure("timed out after " + READY_TIMEOUT.toSeconds() + " s waiting for " + readyPath + " (last result: "
                    + lastResult + ")");
        }

        private IllegalStateException failure(String problem) {
            return new IllegalStateException(name + " on " + url() + " " + problem + ". Last lines of its output:\n"
                    + logTail());
        }

        private boolean logContains(String text) {
            return readLog().stream().anyMatch(line -> line.contains(text));
        }

        private String logTail() {
            List<String> lines = readLog();
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }

        private List<String> readLog() {
            try {
                return Files.readAllLines(directory.resolve(LOG_FILE), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return List.of("(log not readable: " + e + ")");
            }
        }

        private static Process launch(CommandLine commandLine, int port, Path directory) {
            try {
                List<String> command = new ArrayList<>(commandLine.build(port, directory));
                return new ProcessBuilder(command)
                        .directory(directory.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve(LOG_FILE).toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not launch a server in " + directory, e);
            }
        }

        /** Returns a port that was free on 127.0.0.1 a moment ago. Another process may still take it first. */
        private static int findFreePort() {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not find a free port on 127.0.0.1", e);
            }
        }

        private static Path createTemporaryDirectory(String name) {
            try {
                return Files.createTempDirectory("wem-test-" + name.toLowerCase(Locale.ROOT) + "-");
            } catch (IOException e) {
                throw new UncheckedIOException("Could not create a temporary directory for " + name, e);
            }
        }

        private static void deleteRecursively(Path directory) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            } catch (IOException e) {
                System.err.println("Could not delete " + directory + ": " + e);
            }
        }

        private static void sleep(Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for a test server", e);
            }
        }
    }
}

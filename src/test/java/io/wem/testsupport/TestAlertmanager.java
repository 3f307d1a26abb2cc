package io.wem.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real Alertmanager from the Debian package {@code prometheus-alertmanager} (0.25 on Debian 12), started once per
 * test JVM on a free port of 127.0.0.1 and stopped when the JVM exits. Its only receiver, {@value #RECEIVER}, has
 * no integrations, so the server accepts alerts but sends no notifications.
 */
public final class TestAlertmanager {

    /** Name of the receiver that the default route sends every alert to. */
    public static final String RECEIVER = "wem-test";

    private static final Path BINARY = Path.of("/usr/bin/prometheus-alertmanager");
    private static final String CONFIG_FILE = "alertmanager.yml";

    private static TestAlertmanager shared;

    private final TestPrometheus.LocalServer server;

    private TestAlertmanager(TestPrometheus.LocalServer server) {
        this.server = server;
    }

    /** Returns the Alertmanager of this test JVM, starting it on the first call. */
    public static synchronized TestAlertmanager shared() {
        if (shared == null) {
            TestPrometheus.LocalServer server = TestPrometheus.LocalServer.start(
                    "Alertmanager", BINARY, "prometheus-alertmanager", TestAlertmanager::commandLine);
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "stop-test-alertmanager"));
            shared = new TestAlertmanager(server);
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

    /**
     * Writes the config and returns the command line that uses it. The empty {@code --cluster.listen-address}
     * turns off the gossip cluster, so the server opens no port besides the HTTP one.
     */
    private static List<String> commandLine(int port, Path directory) throws IOException {
        Path config = directory.resolve(CONFIG_FILE);
        Files.writeString(config, String.join("\n",
                "route:",
                "  receiver: " + RECEIVER,
                "receivers:",
                "  - name: " + RECEIVER,
                ""));
        return List.of(
                BINARY.toString(),
                "--config.file=" + config,
                "--storage.path=" + directory.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                "--cluster.listen-address=");
    }
}

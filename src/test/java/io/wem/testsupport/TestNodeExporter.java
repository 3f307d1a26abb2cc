package io.wem.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * A real node_exporter from the Debian package {@code prometheus-node-exporter} (1.5 on Debian 12) on a free port of
 * 127.0.0.1, reporting this machine. The caller stops it with {@link #stop()}.
 */
public final class TestNodeExporter {

    private static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");

    private final TestPrometheus.LocalServer server;

    private TestNodeExporter(TestPrometheus.LocalServer server) {
        this.server = server;
    }

    public static TestNodeExporter start() {
        return new TestNodeExporter(TestPrometheus.LocalServer.start("node_exporter", BINARY, "prometheus-node-exporter",
                (port, directory) -> List.of(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port),
                "/metrics"));
    }

    /** Returns the scrape target as host:port, which is also the {@code instance} label of its series. */
    public String target() {
        return "127.0.0.1:" + server.port();
    }

    public void stop() {
        server.stop();
    }
}

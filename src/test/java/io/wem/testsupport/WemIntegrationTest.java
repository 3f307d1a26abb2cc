package io.wem.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests that run the whole application on a random port against the shared test PostgreSQL as the
 * cluster, with WEM's state in an H2 file. Subclasses with the same settings share one Spring context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(TestPanelConfiguration.class)
public abstract class WemIntegrationTest {

    public static final String ADMIN_PASSWORD = "Bootstrap-Test-Pass1!";
    private static final Path DATA_DIR = createDataDir();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void sharedClusterProperties(DynamicPropertyRegistry registry) {
        clusterProperties(registry, () -> TestPostgres.shared().getPort(), DATA_DIR);
    }

    /**
     * Points WEM at a test cluster on 127.0.0.1. A test class with a cluster of its own does not extend this
     * class but calls this from its own {@code @DynamicPropertySource}, since a subclass cannot replace a value
     * that this class registers.
     */
    public static void clusterProperties(DynamicPropertyRegistry registry, Supplier<Object> port, Path dataDir) {
        registry.add("WHPG_HOST", () -> "127.0.0.1");
        registry.add("WHPG_PORT", port);
        registry.add("WHPG_DATABASE", () -> TestPostgres.CLUSTER_DATABASE);
        registry.add("WHPG_USER", () -> TestPostgres.USER);
        registry.add("WHPG_SSLMODE", () -> "disable");
        registry.add("WEM_DATA_DIR", dataDir::toString);
    }

    protected WemClient client() {
        return new WemClient("http://127.0.0.1:" + port);
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public static Path createDataDir() {
        try {
            return Files.createTempDirectory("wem-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.wem.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.wem.WemApplication;
import io.wem.account.BootstrapAdmin;
import io.wem.config.WemConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code wem demo}: starts an embedded PostgreSQL 16 as the monitored cluster, with a small demo schema, and runs
 * WEM against it with its state in an H2 file. Everything lives under WEM_DATA_DIR, so a second run reuses the data:
 * the cluster's files, the generated cookie secret and the generated admin password.
 */
public final class DemoLauncher {

    private static final int CLUSTER_PORT_OFFSET = 1;

    private DemoLauncher() {
    }

    public static void run(List<String> options) {
        if (!options.isEmpty()) {
            throw new IllegalArgumentException("wem demo takes no options; set PORT, WEM_DATA_DIR or WEM_ADMIN_PASSWORD instead");
        }
        Path dataDir = Path.of(env("WEM_DATA_DIR", "./data")).toAbsolutePath().normalize();
        int port = Integer.parseInt(env("PORT", "8080"));
        try {
            Files.createDirectories(dataDir);
            String cookieSecret = readOrCreate(dataDir.resolve("cookie-secret"), DemoLauncher::randomSecret);
            String adminPassword = env("WEM_ADMIN_PASSWORD", null);
            boolean reused = adminPassword == null && Files.exists(dataDir.resolve("admin-password"));
            if (adminPassword == null) {
                adminPassword = readOrCreate(dataDir.resolve("admin-password"), BootstrapAdmin::generatePassword);
            }

            DemoCluster cluster = DemoCluster.start(dataDir.resolve("demo-cluster"), port + CLUSTER_PORT_OFFSET);

            Map<String, String> overrides = new HashMap<>();
            overrides.put("WHPG_HOST", "127.0.0.1");
            overrides.put("WHPG_PORT", Integer.toString(cluster.port()));
            overrides.put("WHPG_DATABASE", DemoCluster.DATABASE);
            overrides.put("WHPG_USER", DemoCluster.USER);
            overrides.put("WHPG_PASSWORD", "");
            overrides.put("WHPG_SSLMODE", "disable");
            overrides.put("WEM_DATA_DIR", dataDir.toString());
            overrides.put("WEM_ADMIN_PASSWORD", adminPassword);
            overrides.put("WEM_HOST", "");
            Map<String, String> defaults = new HashMap<>();
            defaults.put("WEM_COOKIE_SECRET", cookieSecret);
            defaults.put("WEM_INSECURE_COOKIES", "1");
            defaults.put("WEM_BIND_ADDRESS", "127.0.0.1");
            defaults.put("WEM_CLUSTER_NAME", "WEM demo");
            defaults.put("WEM_CLUSTER_ENVIRONMENT", "dev");

            WemConfig config = WemApplication.validate(defaults, overrides);
            ConfigurableApplicationContext context;
            try {
                context = WemApplication.run(defaults, overrides, false);
            } catch (RuntimeException e) {
                cluster.stop();
                throw e;
            }
            // One hook, in order: WEM closes its pools before the cluster under them stops.
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                context.close();
                cluster.stop();
            }, "demo-stop"));

            int actualPort = context instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : config.port();
            String host = config.bindAddress() == null || config.bindAddress().equals("127.0.0.1") ? "localhost" : config.bindAddress();
            System.out.println();
            System.out.println("  WEM demo is running at http://" + host + ":" + actualPort + "/");
            System.out.println("  Sign in as admin with the password: " + adminPassword
                    + (reused ? " (set on the first run; a password changed since then is not shown)" : ""));
            System.out.println("  The monitored cluster is an embedded PostgreSQL 16 on 127.0.0.1:" + cluster.port()
                    + "; data is kept in " + dataDir);
            System.out.println("  Press Ctrl-C to stop both.");
            System.out.println();
        } catch (IOException e) {
            throw new UncheckedIOException("The demo could not prepare " + dataDir, e);
        }
    }

    private static String env(String name, String defaultValue) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? defaultValue : value;
    }

    /** Returns the file's content, creating the file (readable by its owner only) with a new value when it is missing. */
    private static String readOrCreate(Path file, java.util.function.Supplier<String> generator) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        }
        String value = generator.get();
        Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the file keeps the default permissions.
        }
        return value;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[48];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

}

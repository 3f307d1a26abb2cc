package io.wem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code wem start} as a separate process, as an administrator would, and checks how it refuses a bad configuration. */
class StartupValidationTest {

    private static final String SECRET = "a-cookie-secret-that-is-long-enough-for-wem";

    @TempDir
    Path directory;

    record Result(int exitCode, String output) {
    }

    @Test
    void invalidValueStopsWithOneLineNamingIt() throws Exception {
        Path config = write("WEM_COOKIE_SECRET=" + SECRET, "WHPG_PORT=70000");

        Result result = start(config, Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("wem: WHPG_PORT=70000 is invalid: must be between 1 and 65535");
        assertThat(result.output()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void environmentOverridesFile() throws Exception {
        Path config = write("WEM_COOKIE_SECRET=" + SECRET, "WHPG_PORT=5432");

        Result result = start(config, Map.of("WHPG_PORT", "80000"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("WHPG_PORT=80000 is invalid");
    }

    @Test
    void missingCookieSecretRefusesToStart() throws Exception {
        Path config = write("WHPG_HOST=127.0.0.1");

        Result result = start(config, Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("wem: WEM_COOKIE_SECRET is missing");
    }

    @Test
    void unknownKeyIsWarnedAboutByName() throws Exception {
        Path config = write("WEM_COOKIE_SECRET=" + SECRET, "WHPG_PROT=5432", "PORT=0");

        Result result = start(config, Map.of());

        assertThat(result.output()).contains("Unknown parameter WHPG_PROT");
        assertThat(result.exitCode()).isEqualTo(2);
    }

    @Test
    void missingConfigFileIsReported() throws Exception {
        Result result = start(directory.resolve("absent.conf"), Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("absent.conf does not exist or is not readable");
    }

    @Test
    void weakFirstAdminPasswordStopsStart() throws Exception {
        Path config = write("WEM_COOKIE_SECRET=" + SECRET, "WHPG_ALLOW_ROOT=1", "PORT=" + freePort(),
                "WEM_DATA_DIR=" + directory.resolve("data"), "WHPG_PORT=1");

        // In the environment, because the test classpath's application.properties would outrank the file.
        Result result = start(config, Map.of("WEM_ADMIN_PASSWORD", "admin-password-1"));

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("wem: WEM_ADMIN_PASSWORD is invalid: the password of 'admin' needs")
                .contains("an upper case letter").contains("no copy of the username")
                .doesNotContain("admin-password-1");
    }

    @Test
    void rootIsRefusedWithoutAllowRoot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only meaningful when the tests run as root");
        Path config = write("WEM_COOKIE_SECRET=" + SECRET);

        Result result = start(config, Map.of());

        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.output()).contains("refusing to run as root").contains("WHPG_ALLOW_ROOT=1");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private Path write(String... lines) throws IOException {
        Path file = directory.resolve("wem.conf");
        Files.write(file, List.of(lines), StandardCharsets.UTF_8);
        return file;
    }

    private Result start(Path config, Map<String, String> environment) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                "io.wem.WemApplication", "start", "--config", config.toString())
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("output.txt").toFile());
        builder.environment().keySet().removeIf(key -> ConfigParameter.names().contains(key));
        builder.environment().putAll(environment);
        Process process = builder.start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
            throw new AssertionError("wem start did not stop within 60 s; its output:\n"
                    + Files.readString(directory.resolve("output.txt"), StandardCharsets.UTF_8));
        }
        String output = Files.readString(directory.resolve("output.txt"), StandardCharsets.UTF_8);
        return new Result(process.exitValue(), output);
    }
}

package io.wem.settings;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import io.wem.cluster.ClusterConnection;
import io.wem.cluster.ClusterInfo;
import io.wem.config.WemConfig;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Test buttons of the Settings tab. Each test tries one address with a short timeout and reports what it
 * reached or the exact error, without saving anything. Requests follow no redirects.
 */
@Component
public class ConnectionTester {

    static final Duration HTTP_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(HTTP_CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** The integrations that have a Test button, with each one's readiness path and version path. */
    public enum Target {
        CLUSTER("Cluster", null, null),
        PROMETHEUS("Prometheus", "/-/ready", "/api/v1/status/buildinfo"),
        LOKI("Loki", "/ready", "/loki/api/v1/status/buildinfo"),
        ALERTMANAGER("Alertmanager", "/-/ready", "/api/v2/status");

        private final String label;
        private final String readyPath;
        private final String versionPath;

        Target(String label, String readyPath, String versionPath) {
            this.label = label;
            this.readyPath = readyPath;
            this.versionPath = versionPath;
        }

        public String label() {
            return label;
        }

        public static Target fromPath(String value) {
            for (Target target : values()) {
                if (target.name().toLowerCase(Locale.ROOT).equals(value)) {
                    return target;
                }
            }
            return null;
        }
    }

    /** The outcome of one test: what was tried, whether it worked, and the details or the error. */
    public record Result(String target, String address, boolean ok, String message, String version, String flavor,
                         Long roundTripMs) {
    }

    public Result cluster(WemConfig.ClusterConnectionConfig candidate) {
        String address = candidate.host() + ":" + candidate.port() + "/" + candidate.database() + " as " + candidate.user()
                + " (sslmode " + candidate.sslMode() + ")";
        long started = System.nanoTime();
        try {
            ClusterInfo info = ClusterConnection.probe(candidate);
            long elapsed = elapsedMs(started);
            return new Result("cluster", address, true, "Connected to " + info.displayName() + " (server version "
                    + info.serverVersion() + ") in " + elapsed + " ms.", info.serverVersion(), info.displayName(), elapsed);
        } catch (SQLException e) {
            String state = e.getSQLState() == null ? "" : " (SQL state " + e.getSQLState() + ")";
            return new Result("cluster", address, false, "Connection failed: " + e.getMessage() + state, null, null,
                    elapsedMs(started));
        }
    }

    /** Tests an HTTP integration: the readiness path must return 200, then the version is read where the API offers it. */
    public Result http(Target target, String baseUrl) {
        String key = target.name().toLowerCase(Locale.ROOT);
        if (baseUrl == null) {
            return new Result(key, null, false, target.label() + " has no URL; enter one to test it.", null, null, null);
        }
        String readyUrl = baseUrl + target.readyPath;
        long started = System.nanoTime();
        try {
            HttpResponse<String> ready = get(readyUrl);
            long elapsed = elapsedMs(started);
            if (ready.statusCode() != 200) {
                return new Result(key, readyUrl, false, target.label() + " is not ready: HTTP " + ready.statusCode()
                        + shortBody(ready), null, null, elapsed);
            }
            String version = version(target, baseUrl);
            if (version == null) {
                // Many web servers return 200 for any path, so without the version API this is probably not the product.
                return new Result(key, readyUrl, false, "The server answered " + target.readyPath + " but not "
                        + target.versionPath + " as " + target.label() + " does; check that the URL points at "
                        + target.label() + ".", null, null, elapsed);
            }
            return new Result(key, readyUrl, true, target.label() + " is ready, version " + version + " (" + elapsed + " ms).",
                    version, null, elapsed);
        } catch (HttpConnectTimeoutException e) {
            return failure(key, readyUrl, "Connection timed out after " + HTTP_CONNECT_TIMEOUT.toSeconds() + " s", started);
        } catch (HttpTimeoutException e) {
            return failure(key, readyUrl, "No response within " + HTTP_REQUEST_TIMEOUT.toSeconds() + " s", started);
        } catch (ConnectException e) {
            return failure(key, readyUrl, "Connection refused or unreachable" + detail(e), started);
        } catch (IOException | IllegalArgumentException e) {
            return failure(key, readyUrl, "Request failed: " + e.getClass().getSimpleName() + detail(e), started);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(key, readyUrl, "Interrupted", started);
        }
    }

    private String version(Target target, String baseUrl) throws InterruptedException {
        try {
            HttpResponse<String> response = get(baseUrl + target.versionPath);
            if (response.statusCode() != 200) {
                return null;
            }
            JsonNode body = JSON.readTree(response.body());
            // Prometheus wraps its response in "data", Alertmanager nests the version under "versionInfo", and Loki returns it at the top.
            JsonNode version = switch (target) {
                case PROMETHEUS -> body.path("data").path("version");
                case ALERTMANAGER -> body.path("versionInfo").path("version");
                default -> body.path("version");
            };
            return version.isString() ? version.asString() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(HTTP_REQUEST_TIMEOUT).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Result failure(String key, String address, String message, long started) {
        return new Result(key, address, false, message + ".", null, null, elapsedMs(started));
    }

    private static String detail(Exception e) {
        return e.getMessage() == null ? "" : ": " + e.getMessage();
    }

    /** Returns the start of a plain-text body in brackets. An HTML page is only named, because its markup is no help. */
    private static String shortBody(HttpResponse<String> response) {
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (type.contains("html")) {
            return " (an HTML page, so the URL probably points at another server)";
        }
        String text = response.body() == null ? "" : response.body().strip();
        return text.isEmpty() ? "" : " (" + (text.length() > 200 ? text.substring(0, 200) + "…" : text) + ")";
    }

    private static long elapsedMs(long started) {
        return Duration.ofNanos(System.nanoTime() - started).toMillis();
    }
}

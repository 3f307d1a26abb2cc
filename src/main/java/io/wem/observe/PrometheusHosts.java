package io.wem.observe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists the hosts that node_exporter reports to Prometheus, from the series of {@code node_uname_info} in the last
 * hour ({@code GET /api/v1/series}). The Metrics panel starts from this list.
 */
@Component
class PrometheusHosts {

    static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(PrometheusHosts.class);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    private final Clock clock;

    PrometheusHosts(Clock clock) {
        this.clock = clock;
    }

    /** A host with its scrape target; {@code nodename} is the host name that node_exporter read from uname. */
    record Host(String nodename, String instance, String job) {
    }

    /** The hosts found, or the error that stopped the lookup. */
    record Lookup(List<Host> hosts, String error) {
    }

    Lookup hosts(String prometheusUrl) {
        Instant now = Instant.now(clock);
        String url = prometheusUrl + "/api/v1/series?match[]=" + URLEncoder.encode("node_uname_info", StandardCharsets.UTF_8)
                + "&start=" + now.minus(Duration.ofHours(1)).getEpochSecond() + "&end=" + now.getEpochSecond();
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!contentType.contains("json")) {
                return new Lookup(List.of(), "Prometheus at " + prometheusUrl + " returned HTTP " + response.statusCode()
                        + " with " + (contentType.isEmpty() ? "no content type" : contentType)
                        + " instead of JSON; check that the URL points at Prometheus");
            }
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
                return new Lookup(List.of(), "Prometheus returned HTTP " + response.statusCode() + ": "
                        + body.path("error").asString("no error message"));
            }
            List<Host> hosts = new ArrayList<>();
            for (JsonNode series : body.path("data")) {
                hosts.add(new Host(series.path("nodename").asString(""), series.path("instance").asString(""),
                        series.path("job").asString("")));
            }
            hosts.sort(Comparator.comparing(Host::nodename).thenComparing(Host::instance));
            return new Lookup(List.copyOf(hosts), null);
        } catch (IOException | RuntimeException e) {
            log.warn("Listing node_exporter hosts from {} failed: {}", prometheusUrl, e.toString());
            return new Lookup(List.of(), "Prometheus request failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Lookup(List.of(), "Interrupted");
        }
    }
}

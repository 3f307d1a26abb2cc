package io.wem.observe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls Loki's HTTP API for the Logs panel: {@code query_range} for log queries, {@code labels} and
 * {@code label/NAME/values}, with connect and request timeouts. Times are nanoseconds since the epoch, as Loki
 * takes and returns them.
 */
@Component
class LokiClient {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(20);
    /** Loki's default {@code max_entries_limit_per_query}: a larger limit gets a 400, so WEM reads in batches of this size. */
    static final int MAX_BATCH = 5000;
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(LokiClient.class);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** One log line: its time, the labels of its stream, and the text. */
    record Line(long timeNanos, Map<String, String> labels, String text) {
    }

    /** Lines in the requested order, or the error of Loki or the connection. */
    record Lines(List<Line> lines, String error, boolean rejected) {
    }

    /** Label names or values, or the error. */
    record Values(List<String> values, String error) {
    }

    /**
     * Runs a log query over {@code [startNanos, endNanos)}, newest first unless {@code forward}, returning at most
     * {@code limit} (at most {@link #MAX_BATCH}) lines across all streams, sorted by time.
     */
    Lines queryRange(String lokiUrl, String query, long startNanos, long endNanos, int limit, boolean forward) {
        String url = lokiUrl + "/loki/api/v1/query_range?query=" + encode(query) + "&start=" + startNanos + "&end=" + endNanos
                + "&limit=" + Math.min(limit, MAX_BATCH) + "&direction=" + (forward ? "forward" : "backward");
        Response response = get(url, lokiUrl);
        if (response.error() != null) {
            return new Lines(List.of(), response.error(), response.rejected());
        }
        List<Line> lines = new ArrayList<>();
        for (JsonNode stream : response.body().path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            stream.path("stream").properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asString()));
            for (JsonNode value : stream.path("values")) {
                lines.add(new Line(Long.parseLong(value.get(0).asString()), labels, value.get(1).asString()));
            }
        }
        Comparator<Line> byTime = Comparator.comparingLong(Line::timeNanos);
        lines.sort(forward ? byTime : byTime.reversed());
        return new Lines(lines, null, false);
    }

    Values labels(String lokiUrl, long startNanos, long endNanos) {
        return values(lokiUrl + "/loki/api/v1/labels?start=" + startNanos + "&end=" + endNanos, lokiUrl);
    }

    Values labelValues(String lokiUrl, String name, long startNanos, long endNanos) {
        return values(lokiUrl + "/loki/api/v1/label/" + encode(name) + "/values?start=" + startNanos + "&end=" + endNanos, lokiUrl);
    }

    private Values values(String url, String lokiUrl) {
        Response response = get(url, lokiUrl);
        if (response.error() != null) {
            return new Values(List.of(), response.error());
        }
        List<String> values = new ArrayList<>();
        response.body().path("data").forEach(value -> values.add(value.asString()));
        return new Values(values, null);
    }

    /** A JSON body, or an error; {@code rejected} marks Loki's 400 for a query that is wrong. */
    private record Response(JsonNode body, String error, boolean rejected) {

        Response(JsonNode body, String error) {
            this(body, error, false);
        }
    }

    /** Sends a GET and returns the JSON body, or the error message, which Loki sends as plain text. */
    private Response get(String url, String lokiUrl) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (response.statusCode() != 200) {
                String message = contentType.contains("json") ? JSON.readTree(response.body()).path("error").asString(response.body())
                        : response.body().strip();
                boolean rejected = response.statusCode() == 400;
                return new Response(null, (rejected ? "Loki rejected the query: " : "Loki failed (HTTP " + response.statusCode() + "): ")
                        + abbreviate(message), rejected);
            }
            if (!contentType.contains("json")) {
                return new Response(null, "Loki at " + lokiUrl + " returned " + (contentType.isEmpty() ? "no content type" : contentType)
                        + " instead of JSON; check that the URL points at Loki");
            }
            return new Response(JSON.readTree(response.body()), null);
        } catch (java.net.ConnectException e) {
            log.warn("Loki at {} refused the connection", lokiUrl);
            return new Response(null, "Could not connect to Loki at " + lokiUrl + "; check that it runs and the URL in Settings");
        } catch (java.net.http.HttpTimeoutException e) {
            log.warn("Loki at {} did not respond within {} s", lokiUrl, REQUEST_TIMEOUT.toSeconds());
            return new Response(null, "Loki at " + lokiUrl + " did not respond within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (IOException | RuntimeException e) {
            log.warn("Loki request to {} failed: {}", lokiUrl, e.toString());
            return new Response(null, "Loki request to " + lokiUrl + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(null, "The Loki request was interrupted");
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 499) + "…";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}

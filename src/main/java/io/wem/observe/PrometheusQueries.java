package io.wem.observe;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs range queries on Prometheus ({@code GET /api/v1/query_range}) for the Metrics panel, with a connect timeout,
 * a request timeout, and Prometheus' own {@code timeout} parameter so that a slow query stops on the server too.
 */
@Component
class PrometheusQueries {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(10);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Logger log = LoggerFactory.getLogger(PrometheusQueries.class);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(3))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    /** One series of a result: its labels and its samples as epoch seconds and values, in time order. */
    record Series(Map<String, String> labels, List<Long> times, List<Double> values) {
    }

    /** The series of a query, or the error that Prometheus or the connection returned. */
    record Result(List<Series> series, String error, boolean rejected) {

        static Result failed(String error) {
            return new Result(List.of(), error, false);
        }
    }

    Result queryRange(String prometheusUrl, String query, Instant start, Instant end, Duration step) {
        String url = prometheusUrl + "/api/v1/query_range?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds()
                + "&timeout=" + QUERY_TIMEOUT.toSeconds() + "s";
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            if (!contentType.contains("json")) {
                return Result.failed("Prometheus at " + prometheusUrl + " returned HTTP " + response.statusCode() + " with "
                        + (contentType.isEmpty() ? "no content type" : contentType) + " instead of JSON");
            }
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asString())) {
                // Prometheus returns 400 (bad_data) and 422 (execution) for a query that is wrong, not for an outage.
                boolean rejected = response.statusCode() == 400 || response.statusCode() == 422;
                return new Result(List.of(), "Prometheus rejected the query (HTTP " + response.statusCode() + ", "
                        + body.path("errorType").asString("no error type") + "): " + body.path("error").asString("no message"), rejected);
            }
            List<Series> series = new ArrayList<>();
            for (JsonNode item : body.path("data").path("result")) {
                Map<String, String> labels = new LinkedHashMap<>();
                item.path("metric").properties().forEach(entry -> labels.put(entry.getKey(), entry.getValue().asString()));
                List<Long> times = new ArrayList<>();
                List<Double> values = new ArrayList<>();
                for (JsonNode sample : item.path("values")) {
                    times.add(Math.round(sample.get(0).asDouble()));
                    values.add(parse(sample.get(1).asString()));
                }
                series.add(new Series(labels, times, values));
            }
            return new Result(series, null, false);
        } catch (IOException | RuntimeException e) {
            log.warn("Prometheus query at {} failed: {}", prometheusUrl, e.toString());
            return Result.failed("Prometheus request to " + prometheusUrl + " failed: " + describe(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed("The Prometheus request was interrupted");
        }
    }

    /** Parses a sample value; Prometheus writes NaN and infinities as text, which a chart cannot draw. */
    private static Double parse(String value) {
        try {
            double parsed = Double.parseDouble(value);
            return Double.isFinite(parsed) ? parsed : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(Exception e) {
        if (e instanceof java.net.ConnectException) {
            return "could not connect (" + e.getClass().getSimpleName() + "); check that Prometheus runs and the URL in Settings";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer within " + REQUEST_TIMEOUT.toSeconds() + " s";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }
}

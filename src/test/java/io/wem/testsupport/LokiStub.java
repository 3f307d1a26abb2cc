package io.wem.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.net.URLDecoder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the HTTP API of Grafana Loki, which has no Debian package. It listens on an ephemeral port of
 * 127.0.0.1 and copies the status codes, bodies and content types of Loki 3.x for the endpoints that it serves:
 * {@code /ready}, build info, {@code query_range} for log queries, {@code labels} and {@code label/NAME/values}.
 * Tests add log lines with {@link #push}. {@code query_range} understands the LogQL that WEM writes: a stream
 * selector with {@code =}, {@code !=}, {@code =~} and {@code !~} matchers, line filters ({@code |=}, {@code !=},
 * {@code |~}, {@code !~}) and label filters ({@code | name="value"}, {@code | name=~"regex"}). Other LogQL gets
 * Loki's 400 parse error. NOTE: the WebSocket endpoint {@code tail} is not served, because WEM follows new lines by
 * polling {@code query_range}.
 * Every test gets its own instance from {@link #start()} and closes it.
 */
public final class LokiStub implements AutoCloseable {

    public static final String READY_PATH = "/ready";
    public static final String BUILD_INFO_PATH = "/loki/api/v1/status/buildinfo";

    /** Body of Loki's 503 from {@code /ready} while its ingester waits out min_ready_duration (default 15 s). */
    public static final String NOT_READY_MESSAGE = "Ingester not ready: waiting for 15s after being ready";
    public static final String VERSION = "3.0.0";

    private static final String TEXT_CONTENT_TYPE = "text/plain; charset=utf-8";
    private static final String JSON_CONTENT_TYPE = "application/json";
    private static final String BUILD_INFO_JSON = "{\"version\":\"" + VERSION + "\",\"revision\":\"stub\","
            + "\"branch\":\"stub\",\"buildUser\":\"stub\",\"buildDate\":\"stub\",\"goVersion\":\"stub\"}";

    private final HttpServer server;
    private final Map<String, HttpHandler> endpoints;
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private volatile boolean ready = true;

    public static final String QUERY_RANGE_PATH = "/loki/api/v1/query_range";
    public static final String LABELS_PATH = "/loki/api/v1/labels";
    private static final String LABEL_VALUES_PREFIX = "/loki/api/v1/label/";
    /** Loki's default {@code limits_config.max_entries_limit_per_query}. */
    public static final int MAX_ENTRIES_PER_QUERY = 5000;

    /** One log line with its stream's labels and its time in nanoseconds since the epoch. */
    public record Entry(Map<String, String> labels, long timeNanos, String line) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private volatile String failure;

    private LokiStub(HttpServer server) {
        this.server = server;
        // One handler method per endpoint. Other paths get the 404 that Go's http.NotFound sends.
        this.endpoints = Map.of(
                READY_PATH, this::handleReady,
                BUILD_INFO_PATH, this::handleBuildInfo,
                QUERY_RANGE_PATH, this::handleQueryRange,
                LABELS_PATH, this::handleLabels);
    }

    /** Adds a log line to the stream with these labels. */
    public void push(Map<String, String> labels, Instant time, String line) {
        entries.add(new Entry(Map.copyOf(labels), time.getEpochSecond() * 1_000_000_000L + time.getNano(), line));
    }

    /** Makes {@code query_range} fail with Loki's 500 and this message, or succeed again with null. */
    public void failQueries(String message) {
        this.failure = message;
    }

    /** Starts a new stub on a free port of 127.0.0.1. */
    public static LokiStub start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not open a port on 127.0.0.1 for the Loki stub", e);
        }
        LokiStub stub = new LokiStub(server);
        server.createContext("/", stub::dispatch);
        server.start();
        return stub;
    }

    /** Base URL without a trailing slash, for example {@code http://127.0.0.1:40123}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets whether {@code /ready} returns 200 (the default) or the 503 that Loki sends while it starts. */
    public void setReady(boolean ready) {
        this.ready = ready;
    }

    /**
     * Returns how many requests arrived for {@code path}, whatever their method or status. The path excludes the
     * query string. A request is counted before its response is sent.
     */
    public int requests(String path) {
        AtomicInteger count = requestCounts.get(path);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            requestCounts.computeIfAbsent(path, key -> new AtomicInteger()).incrementAndGet();
            if (path.startsWith(LABEL_VALUES_PREFIX) && path.endsWith("/values")) {
                handleLabelValues(exchange, path.substring(LABEL_VALUES_PREFIX.length(), path.length() - "/values".length()));
                return;
            }
            endpoints.getOrDefault(path, LokiStub::handleNotFound).handle(exchange);
        }
    }

    /** Loki serves {@code /ready} for every method. */
    private void handleReady(HttpExchange exchange) throws IOException {
        if (ready) {
            sendText(exchange, 200, "ready");
        } else {
            sendText(exchange, 503, NOT_READY_MESSAGE);
        }
    }

    /** Loki 3.x routes only GET here, so its router (gorilla/mux) sends 405 with an empty body for other methods. */
    private void handleBuildInfo(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            send(exchange, 405, null, "");
            return;
        }
        // Go's json.Encoder ends the document with a newline.
        send(exchange, 200, JSON_CONTENT_TYPE, BUILD_INFO_JSON + "\n");
    }

    /**
     * Runs a log query as Loki does: entries with {@code start <= time < end} (nanoseconds; {@code start} defaults to an
     * hour ago and {@code end} to now), newest first unless {@code direction=forward}, at most {@code limit} (default
     * 100) in all, grouped by stream in the response.
     */
    private void handleQueryRange(HttpExchange exchange) throws IOException {
        Map<String, String> query = queryParameters(exchange);
        if (failure != null) {
            sendText(exchange, 500, failure);
            return;
        }
        LogQuery logQuery;
        try {
            logQuery = LogQuery.parse(query.getOrDefault("query", ""));
        } catch (IllegalArgumentException e) {
            sendText(exchange, 400, e.getMessage());
            return;
        }
        long now = Instant.now().toEpochMilli() * 1_000_000L;
        long end = Long.parseLong(query.getOrDefault("end", Long.toString(now)));
        long start = Long.parseLong(query.getOrDefault("start", Long.toString(now - 3_600_000_000_000L)));
        int limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        if (limit > MAX_ENTRIES_PER_QUERY) {
            sendText(exchange, 400, "max entries limit per query exceeded, limit > max_entries_limit (" + limit + " > "
                    + MAX_ENTRIES_PER_QUERY + ")");
            return;
        }
        boolean forward = "forward".equals(query.get("direction"));

        List<Entry> matching = entries.stream()
                .filter(entry -> entry.timeNanos() >= start && entry.timeNanos() < end && logQuery.matches(entry))
                .sorted(forward ? Comparator.comparingLong(Entry::timeNanos) : Comparator.comparingLong(Entry::timeNanos).reversed())
                .limit(limit)
                .toList();
        Map<Map<String, String>, List<Entry>> byStream = new LinkedHashMap<>();
        matching.forEach(entry -> byStream.computeIfAbsent(entry.labels(), key -> new ArrayList<>()).add(entry));

        StringBuilder json = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"streams\",\"result\":[");
        boolean firstStream = true;
        for (Map.Entry<Map<String, String>, List<Entry>> stream : byStream.entrySet()) {
            json.append(firstStream ? "" : ",").append("{\"stream\":").append(jsonObject(stream.getKey())).append(",\"values\":[");
            firstStream = false;
            boolean firstValue = true;
            for (Entry entry : stream.getValue()) {
                json.append(firstValue ? "" : ",").append("[").append(jsonString(Long.toString(entry.timeNanos()))).append(",")
                        .append(jsonString(entry.line())).append("]");
                firstValue = false;
            }
            json.append("]}");
        }
        json.append("],\"stats\":{}}}");
        send(exchange, 200, JSON_CONTENT_TYPE, json + "\n");
    }

    private void handleLabels(HttpExchange exchange) throws IOException {
        List<String> names = entries.stream().flatMap(entry -> entry.labels().keySet().stream()).distinct().sorted().toList();
        send(exchange, 200, JSON_CONTENT_TYPE, "{\"status\":\"success\",\"data\":" + jsonArray(names) + "}\n");
    }

    private void handleLabelValues(HttpExchange exchange, String name) throws IOException {
        List<String> values = entries.stream().map(entry -> entry.labels().get(name)).filter(java.util.Objects::nonNull)
                .distinct().sorted().toList();
        send(exchange, 200, JSON_CONTENT_TYPE, "{\"status\":\"success\",\"data\":" + jsonArray(values) + "}\n");
    }

    /** The subset of LogQL that WEM writes, parsed into matchers and filters. */
    private record LogQuery(List<Predicate<Entry>> conditions) {

        private static final Pattern SELECTOR = Pattern.compile("^\\s*\\{(.*?)}\\s*");
        private static final Pattern MATCHER = Pattern.compile("\\s*(\\w+)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\")\\s*(,|$)");
        private static final Pattern STAGE = Pattern.compile(
                "^\\s*(?:(\\|=|!=|\\|~|!~)\\s*(\"(?:[^\"\\\\]|\\\\.)*\")|\\|\\s*(\\w+)\\s*(=~|!~|!=|=)\\s*(\"(?:[^\"\\\\]|\\\\.)*\"))\\s*");

        static LogQuery parse(String text) {
            Matcher selector = SELECTOR.matcher(text);
            if (!selector.find()) {
                throw new IllegalArgumentException("parse error at line 1, col 1: syntax error: unexpected IDENTIFIER");
            }
            List<Predicate<Entry>> conditions = new ArrayList<>();
            Matcher matcher = MATCHER.matcher(selector.group(1));
            int position = 0;
            boolean nonEmpty = false;
            while (position < selector.group(1).length()) {
                if (!matcher.find(position) || matcher.start() != position) {
                    throw new IllegalArgumentException("parse error at line 1, col " + (position + 2) + ": syntax error: unexpected IDENTIFIER");
                }
                String label = matcher.group(1);
                String operator = matcher.group(2);
                String value = unquote(matcher.group(3));
                nonEmpty |= !Pattern.compile(operator.contains("~") ? value : Pattern.quote(value)).matcher("").matches()
                        && !operator.startsWith("!");
                conditions.add(labelCondition(label, operator, value));
                position = matcher.end();
            }
            if (!nonEmpty) {
                throw new IllegalArgumentException("parse error : queries require at least one regexp or equality matcher that does not "
                        + "have an empty-compatible value. For instance, app=~\".*\" does not meet this requirement, but app=~\".+\" will meet it.");
            }
            String rest = text.substring(selector.end());
            while (!rest.isBlank()) {
                Matcher stage = STAGE.matcher(rest);
                if (!stage.find()) {
                    throw new IllegalArgumentException("parse error at line 1, col " + (text.length() - rest.length() + 1)
                            + ": syntax error: unexpected " + rest.strip().split("\\s+")[0]);
                }
                if (stage.group(1) != null) {
                    conditions.add(lineCondition(stage.group(1), unquote(stage.group(2))));
                } else {
                    conditions.add(labelCondition(stage.group(3), stage.group(4), unquote(stage.group(5))));
                }
                rest = rest.substring(stage.end());
            }
            return new LogQuery(conditions);
        }

        boolean matches(Entry entry) {
            return conditions.stream().allMatch(condition -> condition.test(entry));
        }

        private static Predicate<Entry> labelCondition(String label, String operator, String value) {
            return entry -> {
                String actual = entry.labels().getOrDefault(label, "");
                return switch (operator) {
                    case "=" -> actual.equals(value);
                    case "!=" -> !actual.equals(value);
                    case "=~" -> actual.matches(value);
                    default -> !actual.matches(value);
                };
            };
        }

        private static Predicate<Entry> lineCondition(String operator, String value) {
            return entry -> switch (operator) {
                case "|=" -> entry.line().contains(value);
                case "!=" -> !entry.line().contains(value);
                case "|~" -> Pattern.compile(value).matcher(entry.line()).find();
                default -> !Pattern.compile(value).matcher(entry.line()).find();
            };
        }

        private static String unquote(String quoted) {
            String body = quoted.substring(1, quoted.length() - 1);
            StringBuilder value = new StringBuilder();
            for (int i = 0; i < body.length(); i++) {
                char c = body.charAt(i);
                if (c == '\\' && i + 1 < body.length()) {
                    char next = body.charAt(++i);
                    if (next == 'n') {
                        value.append('\n');
                    } else if (next == 't') {
                        value.append('\t');
                    } else {
                        value.append(next);
                    }
                } else {
                    value.append(c);
                }
            }
            return value.toString();
        }
    }

    private static Map<String, String> queryParameters(HttpExchange exchange) {
        Map<String, String> parameters = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            parameters.put(name, value);
        }
        return parameters;
    }

    private static String jsonObject(Map<String, String> labels) {
        StringBuilder json = new StringBuilder("{");
        new TreeMap<>(labels).forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(jsonString(name)).append(":")
                .append(jsonString(value)));
        return json.append("}").toString();
    }

    private static String jsonArray(List<String> values) {
        StringBuilder json = new StringBuilder("[");
        values.forEach(value -> json.append(json.length() > 1 ? "," : "").append(jsonString(value)));
        return json.append("]").toString();
    }

    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> json.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return json.append("\"").toString();
    }

    private static void handleNotFound(HttpExchange exchange) throws IOException {
        sendText(exchange, 404, "404 page not found");
    }

    /**
     * Sends {@code message} as Go's http.Error does, which Loki uses for its plain-text responses: with a newline
     * appended, {@value #TEXT_CONTENT_TYPE} and {@code X-Content-Type-Options: nosniff}.
     */
    private static void sendText(HttpExchange exchange, int status, String message) throws IOException {
        exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        send(exchange, status, TEXT_CONTENT_TYPE, message + "\n");
    }

    /** Sends the response, without a body for HEAD requests. A null content type sends no Content-Type header. */
    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        boolean noBody = bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod());
        exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
        if (!noBody) {
            try (OutputStream output = exchange.getResponseBody()) {
                output.write(bytes);
            }
        }
    }
}

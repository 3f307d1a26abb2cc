package io.wem.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the HTTP API of Grafana Loki, which has no Debian package. It listens on an ephemeral port of
 * 127.0.0.1 and copies the status codes, bodies and content types of Loki 3.x for the endpoints that it serves.
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

    private LokiStub(HttpServer server) {
        this.server = server;
        // One handler method per endpoint. Other paths get the 404 that Go's http.NotFound sends.
        this.endpoints = Map.of(
                READY_PATH, this::handleReady,
                BUILD_INFO_PATH, this::handleBuildInfo);
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

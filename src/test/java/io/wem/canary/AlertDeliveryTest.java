package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;
import io.wem.testsupport.TestAlertmanager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends alerts to the real Alertmanager of {@link TestAlertmanager} and to webhook receivers on 127.0.0.1. Each test
 * uses its own check name, so tests that share the Alertmanager do not see each other's alerts.
 */
class AlertDeliveryTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration DELIVERY_DEADLINE = Duration.ofSeconds(20);
    /** Enough for the first five attempts (retry delays 1 + 2 + 4 + 8 s) and the request timeouts. */
    private static final Duration RETRY_DEADLINE = Duration.ofSeconds(40);
    private static final String CLUSTER = "Test Cluster";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<AutoCloseable> resources = new ArrayList<>();

    @AfterEach
    void closeResources() throws Exception {
        for (int i = resources.size() - 1; i >= 0; i--) {
            resources.get(i).close();
        }
    }

    @Test
    void firedAlertIsActiveUntilResolved() throws Exception {
        TestAlertmanager alertmanager = TestAlertmanager.shared();
        AlertDelivery delivery = track(new AlertDelivery(alertmanager::url, () -> null, Clock.systemUTC()));
        String checkName = uniqueCheckName();
        AlertMessage firing = resultAlert(checkName, "critical", Instant.now());

        delivery.fire(firing);

        JsonNode alert = awaitOneActiveAlert(alertmanager, checkName);
        JsonNode labels = alert.path("labels");
        assertThat(labels.path("alertname").asString()).isEqualTo("WEMCanaryCheck");
        assertThat(labels.path("check_name").asString()).isEqualTo(checkName);
        assertThat(labels.path("check_type").asString()).isEqualTo("QUERY");
        assertThat(labels.path("severity").asString()).isEqualTo("critical");
        assertThat(labels.path("cluster").asString()).isEqualTo(CLUSTER);
        assertThat(alert.path("annotations").path("summary").asString()).isEqualTo(firing.summary());
        assertThat(alert.path("status").path("state").asString()).isEqualTo("active");
        Instant endsAt = Instant.parse(alert.path("endsAt").asString());
        assertThat(endsAt).as("endsAt of a firing alert lies ahead").isAfter(Instant.now());

        delivery.resolve(firing.resolved(Instant.now()));

        await().atMost(DELIVERY_DEADLINE).until(() -> alerts(alertmanager, checkName).isEmpty());
        assertThat(delivery.delivered()).isEqualTo(2);
        assertThat(delivery.failedAttempts()).isZero();
    }

    @Test
    void staleAlertHasOwnAlertname() throws Exception {
        TestAlertmanager alertmanager = TestAlertmanager.shared();
        AlertDelivery delivery = track(new AlertDelivery(alertmanager::url, () -> null, Clock.systemUTC()));
        String checkName = uniqueCheckName();
        Instant now = Instant.now();

        delivery.fire(resultAlert(checkName, "warning", now));
        delivery.fire(new AlertMessage(checkName, CheckType.QUERY, AlertMessage.STALE_SEVERITY, CLUSTER,
                "No run completed in the last 5 minutes", now, null, true, AlertMessage.Kind.STALE));

        await().atMost(DELIVERY_DEADLINE).until(() -> alerts(alertmanager, checkName).size() == 2);
        List<String> alertnames = alerts(alertmanager, checkName).stream()
                .map(alert -> alert.path("labels").path("alertname").asString())
                .sorted()
                .toList();
        assertThat(alertnames).containsExactly("WEMCanaryCheck", "WEMCanaryCheckStale");
    }

    @Test
    void severityChangeReplacesAlertmanagerAlert() throws Exception {
        TestAlertmanager alertmanager = TestAlertmanager.shared();
        AlertDelivery delivery = track(new AlertDelivery(alertmanager::url, () -> null, Clock.systemUTC()));
        String checkName = uniqueCheckName();
        Instant firedAt = Instant.now();
        delivery.fire(resultAlert(checkName, "warning", firedAt));
        awaitOneActiveAlert(alertmanager, checkName);

        delivery.fire(resultAlert(checkName, "critical", firedAt));

        await().atMost(DELIVERY_DEADLINE).until(() -> delivery.pending() == 0);
        List<JsonNode> alerts = alerts(alertmanager, checkName);
        assertThat(alerts).hasSize(1);
        assertThat(alerts.get(0).path("labels").path("severity").asString()).isEqualTo("critical");
    }

    @Test
    void resendMovesEndsAtForward() throws Exception {
        TestAlertmanager alertmanager = TestAlertmanager.shared();
        AdjustableClock clock = new AdjustableClock();
        AlertDelivery delivery = track(new AlertDelivery(alertmanager::url, () -> null, clock));
        String checkName = uniqueCheckName();
        delivery.fire(resultAlert(checkName, "error", Instant.now()));
        Instant firstEndsAt = Instant.parse(awaitOneActiveAlert(alertmanager, checkName).path("endsAt").asString());

        clock.advance(Duration.ofMinutes(2));
        delivery.resend();

        await().atMost(DELIVERY_DEADLINE).until(() -> {
            List<JsonNode> alerts = alerts(alertmanager, checkName);
            return alerts.size() == 1
                    && Instant.parse(alerts.get(0).path("endsAt").asString()).isAfter(firstEndsAt.plusSeconds(60));
        });
        assertThat(delivery.delivered()).isEqualTo(2);
    }

    @Test
    void resendSkipsResolvedAlerts() throws Exception {
        TestAlertmanager alertmanager = TestAlertmanager.shared();
        AlertDelivery delivery = track(new AlertDelivery(alertmanager::url, () -> null, Clock.systemUTC()));
        AlertMessage firing = resultAlert(uniqueCheckName(), "critical", Instant.now());
        delivery.fire(firing);
        delivery.resolve(firing.resolved(Instant.now()));
        await().atMost(DELIVERY_DEADLINE).until(() -> delivery.pending() == 0);
        long deliveredBeforeResend = delivery.delivered();

        delivery.resend();

        assertThat(delivery.pending()).isZero();
        assertThat(delivery.delivered()).isEqualTo(deliveredBeforeResend);
    }

    @Test
    void webhookReceivesFiringAndResolvedBodies() throws Exception {
        WebhookReceiver webhook = track(WebhookReceiver.start(0, 200));
        AlertDelivery delivery = track(new AlertDelivery(() -> null, webhook::url, Clock.systemUTC()));
        String checkName = uniqueCheckName();
        Instant firedAt = Instant.parse("2025-03-01T10:00:00Z");
        Instant resolvedAt = Instant.parse("2025-03-01T10:05:00Z");
        AlertMessage firing = resultAlert(checkName, "warning", firedAt);

        delivery.fire(firing);
        JsonNode fired = webhook.awaitBody();
        delivery.resolve(firing.resolved(resolvedAt));
        JsonNode resolved = webhook.awaitBody();

        assertThat(fired.path("alertname").asString()).isEqualTo("WEMCanaryCheck");
        assertThat(fired.path("status").asString()).isEqualTo("firing");
        assertThat(fired.path("checkName").asString()).isEqualTo(checkName);
        assertThat(fired.path("checkType").asString()).isEqualTo("QUERY");
        assertThat(fired.path("severity").asString()).isEqualTo("warning");
        assertThat(fired.path("cluster").asString()).isEqualTo(CLUSTER);
        assertThat(fired.path("summary").asString()).isEqualTo(firing.summary());
        assertThat(fired.path("startsAt").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(fired.has("endsAt")).isTrue();
        assertThat(fired.path("endsAt").isNull()).isTrue();

        assertThat(resolved.path("status").asString()).isEqualTo("resolved");
        assertThat(resolved.path("checkName").asString()).isEqualTo(checkName);
        assertThat(resolved.path("severity").asString()).isEqualTo("warning");
        assertThat(resolved.path("startsAt").asString()).isEqualTo("2025-03-01T10:00:00Z");
        assertThat(resolved.path("endsAt").asString()).isEqualTo("2025-03-01T10:05:00Z");
        assertThat(webhook.requestPaths()).containsOnly("/hook");
        assertThat(webhook.contentTypes()).containsOnly("application/json");
    }

    @Test
    void resendDoesNotRepeatWebhook() throws Exception {
        WebhookReceiver webhook = track(WebhookReceiver.start(0, 200));
        AlertDelivery delivery = track(new AlertDelivery(() -> null, webhook::url, Clock.systemUTC()));
        delivery.fire(resultAlert(uniqueCheckName(), "critical", Instant.now()));
        webhook.awaitBody();

        delivery.resend();
        await().atMost(DELIVERY_DEADLINE).until(() -> delivery.pending() == 0);

        assertThat(webhook.bodies).isEmpty();
        assertThat(delivery.delivered()).isEqualTo(1);
    }

    @Test
    void deliveryRetriesUntilWebhookStarts() throws Exception {
        int port = freePort();
        AlertDelivery delivery = track(new AlertDelivery(() -> null, () -> webhookUrl(port), Clock.systemUTC()));
        String checkName = uniqueCheckName();

        delivery.fire(resultAlert(checkName, "critical", Instant.now()));

        assertThat(delivery.delivered()).as("fire() returns before the delivery").isZero();
        await().atMost(RETRY_DEADLINE).until(() -> delivery.failedAttempts() >= 3);
        assertThat(delivery.pending()).isEqualTo(1);
        assertThat(delivery.dropped()).isZero();

        WebhookReceiver webhook = track(WebhookReceiver.start(port, 200));

        JsonNode body = webhook.awaitBody(RETRY_DEADLINE);
        assertThat(body.path("checkName").asString()).isEqualTo(checkName);
        assertThat(body.path("status").asString()).isEqualTo("firing");
        await().atMost(DELIVERY_DEADLINE).until(() -> delivery.delivered() == 1);
        assertThat(delivery.pending()).isZero();
        assertThat(delivery.dropped()).isZero();
    }

    @Test
    void resolveReplacesUndeliveredFire() throws Exception {
        int port = freePort();
        AlertDelivery delivery = track(new AlertDelivery(() -> null, () -> webhookUrl(port), Clock.systemUTC()));
        AlertMessage firing = resultAlert(uniqueCheckName(), "critical", Instant.now());
        delivery.fire(firing);
        await().atMost(RETRY_DEADLINE).until(() -> delivery.failedAttempts() >= 1);

        delivery.resolve(firing.resolved(Instant.now()));
        WebhookReceiver webhook = track(WebhookReceiver.start(port, 200));

        JsonNode body = webhook.awaitBody(RETRY_DEADLINE);
        assertThat(body.path("status").asString()).isEqualTo("resolved");
        await().atMost(RETRY_DEADLINE).until(() -> delivery.pending() == 0);
        assertThat(webhook.bodies).as("the replaced firing message is never sent").isEmpty();
        assertThat(delivery.delivered()).isEqualTo(1);
    }

    @Test
    void clientErrorIsNotRetried() throws Exception {
        WebhookReceiver webhook = track(WebhookReceiver.start(0, 400));
        AlertDelivery delivery = track(new AlertDelivery(() -> null, webhook::url, Clock.systemUTC()));

        delivery.fire(resultAlert(uniqueCheckName(), "critical", Instant.now()));

        await().atMost(DELIVERY_DEADLINE).until(() -> delivery.dropped() == 1);
        assertThat(delivery.failedAttempts()).isEqualTo(1);
        assertThat(delivery.pending()).isZero();
        assertThat(webhook.bodies).hasSize(1);
    }

    @Test
    void serverErrorIsRetried() throws Exception {
        WebhookReceiver webhook = track(WebhookReceiver.start(0, 503));
        AlertDelivery delivery = track(new AlertDelivery(() -> null, webhook::url, Clock.systemUTC()));

        delivery.fire(resultAlert(uniqueCheckName(), "critical", Instant.now()));

        await().atMost(RETRY_DEADLINE).until(() -> delivery.failedAttempts() >= 2);
        assertThat(delivery.dropped()).isZero();
        assertThat(delivery.pending()).isEqualTo(1);
    }

    @Test
    void closedDeliverySendsNothing() throws Exception {
        WebhookReceiver webhook = track(WebhookReceiver.start(0, 200));
        AlertDelivery delivery = new AlertDelivery(() -> null, webhook::url, Clock.systemUTC());
        delivery.close();

        delivery.fire(resultAlert(uniqueCheckName(), "critical", Instant.now()));

        assertThat(delivery.pending()).isZero();
        assertThat(webhook.bodies.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void retryDelayDoublesUpToCap() {
        assertThat(AlertDelivery.retryDelay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(AlertDelivery.retryDelay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(AlertDelivery.retryDelay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(AlertDelivery.retryDelay(6)).isEqualTo(Duration.ofSeconds(32));
        assertThat(AlertDelivery.retryDelay(7)).isEqualTo(Duration.ofSeconds(60));
        assertThat(AlertDelivery.retryDelay(40)).isEqualTo(Duration.ofSeconds(60));
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    private static String uniqueCheckName() {
        return "alert-test-" + UUID.randomUUID();
    }

    private static AlertMessage resultAlert(String checkName, String severity, Instant startsAt) {
        return new AlertMessage(checkName, CheckType.QUERY, severity, CLUSTER,
                "Query check " + checkName + " is " + severity, startsAt, null, true, AlertMessage.Kind.RESULT);
    }

    private static String webhookUrl(int port) {
        return "http://127.0.0.1:" + port + "/hook";
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private JsonNode awaitOneActiveAlert(TestAlertmanager alertmanager, String checkName) {
        AtomicReference<JsonNode> found = new AtomicReference<>();
        await().atMost(DELIVERY_DEADLINE).until(() -> {
            List<JsonNode> alerts = alerts(alertmanager, checkName);
            if (alerts.size() != 1) {
                return false;
            }
            found.set(alerts.get(0));
            return true;
        });
        return found.get();
    }

    /**
     * Returns the alerts that Alertmanager lists for a check name. Alertmanager 0.25 leaves out an alert as soon as
     * its endsAt has passed, with or without {@code active=true}.
     */
    private List<JsonNode> alerts(TestAlertmanager alertmanager, String checkName)
            throws IOException, InterruptedException {
        String filter = URLEncoder.encode("check_name=\"" + checkName + "\"", StandardCharsets.UTF_8);
        URI uri = URI.create(alertmanager.url() + "/api/v2/alerts?active=true&filter=" + filter);
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", uri).isEqualTo(200);
        List<JsonNode> alerts = new ArrayList<>();
        JSON.readTree(response.body()).forEach(alerts::add);
        return alerts;
    }

    /** A clock at the system time plus an offset that a test can move forward. */
    private static final class AdjustableClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void advance(Duration amount) {
            offset.updateAndGet(current -> current.plus(amount));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("AdjustableClock is always UTC");
        }
    }

    /** A webhook on 127.0.0.1 that responds to every POST with a fixed status and keeps the request bodies. */
    private static final class WebhookReceiver implements AutoCloseable {

        private final HttpServer server;
        private final BlockingQueue<JsonNode> bodies = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> requestPaths = new LinkedBlockingQueue<>();
        private final BlockingQueue<String> contentTypes = new LinkedBlockingQueue<>();

        private WebhookReceiver(HttpServer server) {
            this.server = server;
        }

        static WebhookReceiver start(int port, int status) throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    receiver.requestPaths.add(exchange.getRequestURI().getPath());
                    receiver.contentTypes.add(String.valueOf(exchange.getRequestHeaders().getFirst("Content-Type")));
                    receiver.bodies.add(JSON.readTree(in.readAllBytes()));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
            return receiver;
        }

        String url() {
            return webhookUrl(server.getAddress().getPort());
        }

        JsonNode awaitBody() throws InterruptedException {
            return awaitBody(DELIVERY_DEADLINE);
        }

        JsonNode awaitBody(Duration deadline) throws InterruptedException {
            JsonNode body = bodies.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(body).as("webhook request within %s", deadline).isNotNull();
            return body;
        }

        List<String> requestPaths() {
            return List.copyOf(requestPaths);
        }

        List<String> contentTypes() {
            return List.copyOf(contentTypes);
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}

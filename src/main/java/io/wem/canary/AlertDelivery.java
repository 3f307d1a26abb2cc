package io.wem.canary;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends canary alerts to Alertmanager and to an optional webhook. {@link #fire}, {@link #resolve} and
 * {@link #resend} only queue messages, and one background thread sends them. The caller therefore does not wait
 * for a slow or unreachable target, and delivery errors are logged, not thrown.
 *
 * <p><b>Alertmanager</b> gets {@code POST {alertmanagerUrl}/api/v2/alerts} with a one-element array per alert. The
 * labels are {@code alertname}, {@code check_name}, {@code check_type} (the {@link CheckType} name),
 * {@code severity} and {@code cluster} (left out when the cluster name is not known), and the only annotation is
 * {@code summary}. Alertmanager identifies an alert by its labels and treats it as resolved once its
 * {@code endsAt} has passed (0.25 also stops listing it in {@code GET /api/v2/alerts} at that moment). A firing
 * alert is therefore sent with {@code endsAt} {@link #FIRING_END_AHEAD} ahead and must be re-sent through
 * {@link #resend} well within that time. Alertmanager's "Sending alerts" page expects clients to re-send every 30 s
 * to 3 min. A resolved alert is sent with {@code endsAt}
 * set to the time it resolved. When a firing alert changes severity, its labels change, so the alert with the old
 * severity is resolved at Alertmanager at the same time.
 *
 * <p><b>The webhook</b>, when its URL is set, gets {@code POST {webhookUrl}} with one JSON object per
 * {@link #fire} and {@link #resolve} call, but none for {@link #resend}:
 * <pre>
 * alertname  "WEMCanaryCheck" for run results, "WEMCanaryCheckStale" for missing runs
 * status     "firing" or "resolved"
 * checkName  name of the canary check
 * checkType  CheckType name, for example "QUERY"
 * severity   "warning", "critical", "error" or "stale"
 * cluster    display name of the cluster, or null when it is not known
 * summary    one line for people
 * startsAt   time the alert fired, RFC 3339 in UTC
 * endsAt     time the alert resolved, RFC 3339 in UTC, or null while it fires
 * </pre>
 *
 * <p><b>Failures.</b> A failed request is retried after 1, 2, 4 ... seconds, capped at {@link #MAX_RETRY_DELAY},
 * and dropped with one warning after {@link #MAX_ATTEMPTS} attempts. An HTTP 4xx response other than 408 and 429
 * is dropped at once, because the same request would fail again. A newer message for the same alert and target
 * replaces an older one that still waits for a retry, so a late retry cannot turn a resolved alert back to firing.
 * At most {@link #QUEUE_CAPACITY} messages wait at a time, and further messages are dropped with a warning.
 * Retry warnings are limited to one per target and {@link #WARNING_INTERVAL}.
 *
 * <p>The URLs are read from the suppliers before each request, so a changed setting applies to the next request.
 * A supplier that returns null or a blank value turns that target off.
 *
 * <p>This class is not a {@code @Component}, because Spring cannot autowire the two {@code Supplier<String>}
 * parameters. A configuration class creates the bean instead, and Spring infers {@link #close} as the destroy
 * method of such a {@code @Bean}.
 */
public class AlertDelivery implements AutoCloseable {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** How far ahead of the send time a firing alert's endsAt lies. {@link #resend} must run more often. */
    static final Duration FIRING_END_AHEAD = Duration.ofMinutes(5);
    static final Duration FIRST_RETRY_DELAY = Duration.ofSeconds(1);
    static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(60);
    static final int MAX_ATTEMPTS = 10;
    /** Maximum number of messages that are queued or wait for a retry. */
    static final int QUEUE_CAPACITY = 1000;
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);
    static final String ALERTS_PATH = "/api/v2/alerts";

    private static final Logger log = LoggerFactory.getLogger(AlertDelivery.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_LOGGED_BODY_LENGTH = 200;

    /** A receiver of alerts. */
    enum Target {
        ALERTMANAGER("Alertmanager"),
        WEBHOOK("webhook");

        private final String label;

        Target(String label) {
            this.label = label;
        }
    }

    /** A check's alert of one kind, the unit that {@link #resend} keeps track of. */
    private record AlertKey(AlertMessage.Kind kind, String checkName) {

        static AlertKey of(AlertMessage message) {
            return new AlertKey(message.kind(), message.checkName());
        }
    }

    /**
     * One alert at one target. At Alertmanager the identity is the full label set, at the webhook it is the alert
     * name and check name, so a severity change there replaces an undelivered message with the old severity.
     */
    private record DeliveryKey(Target target, Map<String, String> identity) {
    }

    /** One queued message. {@code sequence} orders the messages of one key, and only the newest one is sent. */
    private record Delivery(DeliveryKey key, AlertMessage message, long sequence, int attempt) {

        Target target() {
            return key.target();
        }

        Delivery nextAttempt() {
            return new Delivery(key, message, sequence, attempt + 1);
        }
    }

    /** The result of one request: delivered, or failed with an error that a retry may or may not fix. */
    private record Outcome(boolean delivered, boolean retryable, String error) {

        static final Outcome DELIVERED = new Outcome(true, false, null);

        static Outcome retryable(String error) {
            return new Outcome(false, true, error);
        }

        static Outcome permanent(String error) {
            return new Outcome(false, false, error);
        }
    }

    private final Supplier<String> alertmanagerUrl;
    private final Supplier<String> webhookUrl;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1)
            .build();
    private final ScheduledThreadPoolExecutor executor;
    private final Map<AlertKey, AlertMessage> firingAlerts = new ConcurrentHashMap<>();
    private final Map<DeliveryKey, Long> newestSequence = new ConcurrentHashMap<>();
    private final AtomicLong nextSequence = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final WarningLimiter warnings = new WarningLimiter(WARNING_INTERVAL);

    /**
     * Creates the delivery and starts its background thread.
     *
     * @param alertmanagerUrl base URL of Alertmanager without {@code /api/v2}, or null or blank to send nothing there
     * @param webhookUrl      full URL of the webhook, or null or blank to send no webhook requests
     * @param clock           source of the firing endsAt and of the endsAt of a replaced severity
     */
    public AlertDelivery(Supplier<String> alertmanagerUrl, Supplier<String> webhookUrl, Clock clock) {
        this.alertmanagerUrl = Objects.requireNonNull(alertmanagerUrl, "alertmanagerUrl");
        this.webhookUrl = Objects.requireNonNull(webhookUrl, "webhookUrl");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "wem-alert-delivery");
            thread.setDaemon(true);
            return thread;
        });
        // close() drops the queued messages instead of waiting up to a few minutes for their retries.
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
    }

    /**
     * Queues a firing alert for Alertmanager and the webhook, and keeps it for {@link #resend} until
     * {@link #resolve} is called for the same check and kind.
     *
     * @throws IllegalArgumentException when the message is not firing
     */
    public void fire(AlertMessage message) {
        Objects.requireNonNull(message, "message");
        if (!message.firing()) {
            throw new IllegalArgumentException("fire() needs a firing message, got a resolved one for check '"
                    + message.checkName() + "'. Call resolve() instead.");
        }

        AlertMessage previous = firingAlerts.put(AlertKey.of(message), message);
        if (previous != null && !labels(previous).equals(labels(message))) {
            enqueue(Target.ALERTMANAGER, previous.resolved(clock.instant()));
        }
        enqueue(Target.ALERTMANAGER, message);
        enqueue(Target.WEBHOOK, message);
    }

    /**
     * Queues a resolved alert for Alertmanager and the webhook and stops re-sending the firing one. When the firing
     * alert had other labels (another severity, for example), Alertmanager also gets that alert as resolved.
     *
     * @throws IllegalArgumentException when the message is firing
     */
    public void resolve(AlertMessage message) {
        Objects.requireNonNull(message, "message");
        if (message.firing()) {
            throw new IllegalArgumentException("resolve() needs a resolved message, got a firing one for check '"
                    + message.checkName() + "'. Create one with AlertMessage.resolved(Instant).");
        }

        AlertMessage firing = firingAlerts.remove(AlertKey.of(message));
        if (firing != null && !labels(firing).equals(labels(message))) {
            enqueue(Target.ALERTMANAGER, firing.resolved(message.endsAt()));
        }
        enqueue(Target.ALERTMANAGER, message);
        enqueue(Target.WEBHOOK, message);
    }

    /** Queues every firing alert for Alertmanager again, with a new endsAt. The webhook gets nothing. */
    public void resend() {
        for (AlertMessage message : firingAlerts.values()) {
            enqueue(Target.ALERTMANAGER, message);
        }
    }

    /**
     * Stops the background thread and drops the queued messages and retries. A request in progress may still
     * finish within the connect and request timeouts. Later calls to fire, resolve and resend send nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        executor.shutdown();
        try {
            if (!executor.awaitTermination(CONNECT_TIMEOUT.plus(REQUEST_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
        int undelivered = pending.get();
        if (undelivered > 0) {
            log.info("Stopped alert delivery and dropped the undelivered messages: {}", undelivered);
        }
    }

    /** Number of requests that a target accepted with a 2xx response. */
    public long delivered() {
        return delivered.get();
    }

    /** Number of requests that failed, counting each retry. */
    public long failedAttempts() {
        return failedAttempts.get();
    }

    /** Number of messages given up after a permanent error, the last retry, or a full queue. */
    public long dropped() {
        return dropped.get();
    }

    /** Number of messages that are queued or wait for a retry, including replaced ones not yet removed. */
    public int pending() {
        return pending.get();
    }

    private void enqueue(Target target, AlertMessage message) {
        if (closed.get()) {
            log.debug("Not sending the {} alert for check '{}' to the {} because alert delivery is closed",
                    status(message), message.checkName(), target.label);
            return;
        }
        if (pending.incrementAndGet() > QUEUE_CAPACITY) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            long suppressed = warnings.acquire("queue");
            if (suppressed >= 0) {
                log.warn("Dropped the {} alert for check '{}' to the {} because the alert delivery queue is full"
                                + " ({} messages){}", status(message), message.checkName(), target.label,
                        QUEUE_CAPACITY, suppressedNote(suppressed));
            }
            return;
        }

        DeliveryKey key = new DeliveryKey(target, identity(target, message));
        long sequence = nextSequence.incrementAndGet();
        newestSequence.merge(key, sequence, Math::max);
        schedule(new Delivery(key, message, sequence, 1), Duration.ZERO);
    }

    private void schedule(Delivery delivery, Duration delay) {
        try {
            executor.schedule(() -> attempt(delivery), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() ran in between, so the message is dropped like the other queued ones.
            log.debug("Not sending the {} alert for check '{}' to the {} because alert delivery is closed",
                    status(delivery.message()), delivery.message().checkName(), delivery.target().label);
            finish(delivery);
        }
    }

    /** Sends one message on the delivery thread, then records the result or schedules the next attempt. */
    private void attempt(Delivery delivery) {
        try {
            if (!Objects.equals(newestSequence.get(delivery.key()), delivery.sequence())) {
                finish(delivery);
                return;
            }
            String url = url(delivery.target());
            if (url == null) {
                finish(delivery);
                return;
            }

            Outcome outcome = send(delivery, url);
            if (Thread.currentThread().isInterrupted()) {
                finish(delivery);
                return;
            }
            if (outcome.delivered()) {
                delivered.incrementAndGet();
                finish(delivery);
                return;
            }

            failedAttempts.incrementAndGet();
            if (!outcome.retryable()) {
                drop(delivery, url, "a retry would fail the same way: " + outcome.error());
                return;
            }
            if (delivery.attempt() >= MAX_ATTEMPTS) {
                drop(delivery, url, "all " + MAX_ATTEMPTS + " attempts failed, the last with: " + outcome.error());
                return;
            }
            Duration delay = retryDelay(delivery.attempt());
            long suppressed = warnings.acquire(delivery.target().name());
            if (suppressed >= 0) {
                log.warn("Sending the {} alert for check '{}' to the {} at {} failed (attempt {} of {}), retrying in"
                                + " {} s: {}{}", status(delivery.message()), delivery.message().checkName(),
                        delivery.target().label, origin(url), delivery.attempt(), MAX_ATTEMPTS, delay.toSeconds(),
                        outcome.error(), suppressedNote(suppressed));
            }
            schedule(delivery.nextAttempt(), delay);
        } catch (RuntimeException e) {
            log.warn("Dropped the {} alert for check '{}' to the {} after an unexpected error",
                    status(delivery.message()), delivery.message().checkName(), delivery.target().label, e);
            dropped.incrementAndGet();
            finish(delivery);
        }
    }

    private Outcome send(Delivery delivery, String url) {
        boolean toAlertmanager = delivery.target() == Target.ALERTMANAGER;
        URI uri;
        try {
            uri = URI.create(toAlertmanager ? url + ALERTS_PATH : url);
        } catch (IllegalArgumentException e) {
            return Outcome.permanent("invalid URL: " + e.getMessage());
        }
        String body = toAlertmanager ? alertmanagerBody(delivery.message()) : webhookBody(delivery.message());
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();

        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return Outcome.DELIVERED;
            }
            String error = "HTTP " + status + shortBody(response.body());
            boolean retryable = status >= 500 || status == 408 || status == 429;
            return retryable ? Outcome.retryable(error) : Outcome.permanent(error);
        } catch (HttpTimeoutException e) {
            return Outcome.retryable("timed out: " + e.getMessage());
        } catch (IOException e) {
            return Outcome.retryable(describe(e));
        } catch (IllegalArgumentException e) {
            return Outcome.permanent("invalid request: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.retryable("interrupted");
        }
    }

    private void drop(Delivery delivery, String url, String reason) {
        dropped.incrementAndGet();
        log.warn("Dropped the {} alert for check '{}' to the {} at {} because {}", status(delivery.message()),
                delivery.message().checkName(), delivery.target().label, origin(url), reason);
        finish(delivery);
    }

    private void finish(Delivery delivery) {
        pending.decrementAndGet();
        newestSequence.remove(delivery.key(), delivery.sequence());
    }

    /** Returns the delay after failed attempt {@code attempt}, which starts at 1 s and doubles up to the cap. */
    static Duration retryDelay(int attempt) {
        int doublings = Math.min(attempt - 1, 30);
        Duration delay = FIRST_RETRY_DELAY.multipliedBy(1L << doublings);
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }

    private String alertmanagerBody(AlertMessage message) {
        Instant endsAt = message.firing() ? clock.instant().plus(FIRING_END_AHEAD) : message.endsAt();
        ArrayNode alerts = JSON.createArrayNode();
        ObjectNode alert = alerts.addObject();
        ObjectNode labels = alert.putObject("labels");
        labels(message).forEach(labels::put);
        alert.putObject("annotations").put("summary", message.summary());
        alert.put("startsAt", message.startsAt().toString());
        alert.put("endsAt", endsAt.toString());
        // NOTE: generatorURL is left out because WEM does not know the address under which people reach it.
        return JSON.writeValueAsString(alerts);
    }

    private static String webhookBody(AlertMessage message) {
        ObjectNode body = JSON.createObjectNode();
        body.put("alertname", message.alertname());
        body.put("status", status(message));
        body.put("checkName", message.checkName());
        body.put("checkType", message.checkType().name());
        body.put("severity", message.severity());
        body.put("cluster", message.cluster());
        body.put("summary", message.summary());
        body.put("startsAt", message.startsAt().toString());
        body.put("endsAt", message.endsAt() == null ? null : message.endsAt().toString());
        return JSON.writeValueAsString(body);
    }

    /** Returns the Alertmanager labels of an alert, which also identify it there. */
    private static Map<String, String> labels(AlertMessage message) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", message.alertname());
        labels.put("check_name", message.checkName());
        labels.put("check_type", message.checkType().name());
        labels.put("severity", message.severity());
        if (message.cluster() != null) {
            labels.put("cluster", message.cluster());
        }
        return Collections.unmodifiableMap(labels);
    }

    private static Map<String, String> identity(Target target, AlertMessage message) {
        if (target == Target.ALERTMANAGER) {
            return labels(message);
        }
        return Map.of("alertname", message.alertname(), "check_name", message.checkName());
    }

    /** Returns the target's URL without trailing slashes, or null when it is not set or its supplier failed. */
    private String url(Target target) {
        String value;
        try {
            value = (target == Target.ALERTMANAGER ? alertmanagerUrl : webhookUrl).get();
        } catch (RuntimeException e) {
            long suppressed = warnings.acquire("url-" + target.name());
            if (suppressed >= 0) {
                log.warn("Reading the {} URL failed, so no alert is sent there{}", target.label,
                        suppressedNote(suppressed), e);
            }
            return null;
        }
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    private static String status(AlertMessage message) {
        return message.firing() ? "firing" : "resolved";
    }

    /** Returns scheme, host and port of a URL for logs, because a webhook path or query often contains a token. */
    private static String origin(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "(invalid URL)";
        }
    }

    /** Returns the exception's class and message, or its cause's message when it has none (ConnectException). */
    private static String describe(IOException e) {
        String message = e.getMessage();
        if (message == null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String shortBody(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String line = body.strip().replaceAll("\\s+", " ");
        if (line.length() > MAX_LOGGED_BODY_LENGTH) {
            line = line.substring(0, MAX_LOGGED_BODY_LENGTH) + "...";
        }
        return ": " + line;
    }

    private static String suppressedNote(long suppressed) {
        return suppressed == 0 ? "" : " (" + suppressed + " similar warnings suppressed since the last one)";
    }

    /** Lets one warning per key through per interval and counts the ones it holds back. */
    private static final class WarningLimiter {

        private final long intervalNanos;
        /** Per key: System.nanoTime() of the last warning let through, and the count held back since. */
        private final Map<String, long[]> lastAndSuppressed = new HashMap<>();

        WarningLimiter(Duration interval) {
            this.intervalNanos = interval.toNanos();
        }

        /**
         * Returns the number of warnings held back for this key since the last one that was let through, or -1
         * when this warning must be held back as well.
         */
        synchronized long acquire(String key) {
            long now = System.nanoTime();
            long[] entry = lastAndSuppressed.get(key);
            if (entry == null) {
                lastAndSuppressed.put(key, new long[] {now, 0});
                return 0;
            }
            if (now - entry[0] < intervalNanos) {
                entry[1]++;
                return -1;
            }
            long suppressed = entry[1];
            entry[0] = now;
            entry[1] = 0;
            return suppressed;
        }
    }
}

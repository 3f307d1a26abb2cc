package io.wem.observe;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.wem.web.WemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Follows new log lines for the live tail: every {@link #POLL_INTERVAL} it queries Loki's {@code query_range} for the
 * lines after the newest one sent, and sends each as a server-sent event named {@code line}. Polling instead of
 * Loki's WebSocket tail keeps WEM's connection to Loki short-lived, so a proxy in between cannot leave a stream
 * hanging. A follow ends when the browser disconnects (the next send fails), after {@link #MAX_DURATION}, or when
 * WEM stops.
 */
@Component
class LogTail implements DisposableBean {

    static final Duration POLL_INTERVAL = Duration.ofSeconds(2);
    static final Duration MAX_DURATION = Duration.ofMinutes(30);
    private static final Logger log = LoggerFactory.getLogger(LogTail.class);

    private final LogsService logs;
    private final Clock clock;
    private final ScheduledExecutorService executor = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "wem-log-tail");
        thread.setDaemon(true);
        return thread;
    });

    LogTail(LogsService logs, Clock clock) {
        this.logs = logs;
        this.clock = clock;
    }

    /** Starts following {@code query} from just after {@code sinceNanos}, or from now when null. */
    SseEmitter follow(String query, Long sinceNanos) {
        SseEmitter emitter = new SseEmitter(MAX_DURATION.toMillis());
        AtomicLong newest = new AtomicLong(sinceNanos != null ? sinceNanos : nowNanos());
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> running = task.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(stop);
        emitter.onError(error -> stop.run());
        task.set(executor.scheduleWithFixedDelay(() -> {
            try {
                List<LogsService.LogLine> lines = logs.newerThan(query, newest.get(), nowNanos());
                for (LogsService.LogLine line : lines) {
                    emitter.send(SseEmitter.event().name("line").id(Long.toString(line.timeNanos())).data(line, MediaType.APPLICATION_JSON));
                    newest.set(Math.max(newest.get(), line.timeNanos()));
                }
                // A comment keeps the connection alive and finds a closed browser even when no line arrives.
                emitter.send(SseEmitter.event().comment("alive"));
            } catch (WemException e) {
                sendError(emitter, e.getMessage());
            } catch (IOException | IllegalStateException e) {
                // The browser left: complete without an error, which would go through the error handling of a request.
                log.debug("Stopped a log tail: the browser disconnected ({})", e.getMessage());
                stop.run();
                emitter.complete();
            }
        }, 0, POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS));
        return emitter;
    }

    private static void sendError(SseEmitter emitter, String message) {
        try {
            emitter.send(SseEmitter.event().name("failure").data(message));
        } catch (IOException | IllegalStateException e) {
            emitter.complete();
        }
    }

    private long nowNanos() {
        java.time.Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}

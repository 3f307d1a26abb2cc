package io.wem.canary;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.wem.cluster.ClusterConnection;
import io.wem.cluster.ClusterInfo;
import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the enabled canary checks at their intervals. One ticker thread decides five times a second what is due and hands it to
 * a bounded worker pool. A check never runs twice at once, and each first run gets a random offset so that checks do
 * not all fire together. A run past its timeout is cancelled on the server (by statement_timeout, and by a cancel
 * request as a second line) and recorded as CRITICAL. Only the instance that {@link SchedulerLeadership} elects runs checks.
 */
@Component
public class CanaryEngine implements SmartLifecycle {

    static final int WORKERS = 8;
    static final int QUEUE = 1000;
    /** How often the ticker looks for due checks; a run starts at most this late, plus the time to hand it over. */
    static final Duration TICK = Duration.ofMillis(200);
    static final Duration CHECK_LIST_REFRESH = Duration.ofSeconds(5);
    static final Duration LEADERSHIP_INTERVAL = Duration.ofSeconds(15);
    static final Duration RESEND_INTERVAL = Duration.ofMinutes(1);
    static final Duration CANCEL_GRACE = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(CanaryEngine.class);

    private final CanaryRepository repository;
    private final Map<CheckType, CheckRunner> runners = new EnumMap<>(CheckType.class);
    private final CanaryConnections connections;
    private final ClusterConnection cluster;
    private final SchedulerLeadership leadership;
    private final CanaryRecorder recorder;
    private final Clock clock;

    private final Map<Long, Instant> nextRun = new ConcurrentHashMap<>();
    private final Set<Long> running = ConcurrentHashMap.newKeySet();
    private final Set<RunContext> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rejected = new AtomicInteger();
    private volatile List<CanaryCheck> checks = List.of();
    private volatile Instant checksReadAt = Instant.EPOCH;
    private volatile Instant leadershipCheckedAt = Instant.EPOCH;
    private volatile Instant resentAt = Instant.EPOCH;
    private volatile boolean schedulerRunning;
    private ScheduledExecutorService ticker;
    private ThreadPoolExecutor workers;

    CanaryEngine(CanaryRepository repository, List<CheckRunner> runnerList, CanaryConnections connections,
                 ClusterConnection cluster, SchedulerLeadership leadership, CanaryRecorder recorder, Clock clock) {
        this.repository = repository;
        runnerList.forEach(runner -> runners.put(runner.type(), runner));
        this.connections = connections;
        this.cluster = cluster;
        this.leadership = leadership;
        this.recorder = recorder;
        this.clock = clock;
    }

    @Override
    public synchronized void start() {
        schedulerRunning = repository.schedulerRunning();
        AtomicInteger workerNumber = new AtomicInteger();
        workers = new ThreadPoolExecutor(WORKERS, WORKERS, 60, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                task -> daemon(task, "canary-worker-" + workerNumber.incrementAndGet()));
        ticker = Executors.newSingleThreadScheduledExecutor(task -> daemon(task, "canary-scheduler"));
        ticker.scheduleWithFixedDelay(this::tickSafely, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
        log.info("Canary scheduler thread started; checks run {}", schedulerRunning ? "now" : "when an Admin starts the scheduler");
    }

    @Override
    public synchronized void stop() {
        if (ticker == null) {
            return;
        }
        ticker.shutdownNow();
        workers.shutdownNow();
        inFlight.forEach(RunContext::cancel);
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ticker = null;
        log.info("Canary scheduler thread stopped");
    }

    @Override
    public boolean isRunning() {
        return ticker != null;
    }

    /** Stops the workers before the connection pools and the store close. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    public boolean schedulerRunning() {
        return schedulerRunning;
    }

    /** Switches the scheduler on or off; the caller has stored the switch. */
    void setSchedulerRunning(boolean value) {
        schedulerRunning = value;
        if (!value) {
            nextRun.clear();
        }
    }

    public boolean isLeader() {
        return leadership.isLeader();
    }

    /** Returns when a check runs next, or null when the scheduler is off, this instance does not lead or it is not due yet known. */
    public Instant nextRun(long checkId) {
        return schedulerRunning && leadership.isLeader() ? nextRun.get(checkId) : null;
    }

    /** Makes the next tick read the check list again, after a check was created, changed or deleted. */
    void checksChanged(Long changedId) {
        checksReadAt = Instant.EPOCH;
        if (changedId != null) {
            nextRun.remove(changedId);
        }
    }

    /** Returns whether a run of the check is under way, by the scheduler or by Run now. */
    boolean isRunning(long checkId) {
        return running.contains(checkId);
    }

    /**
     * Runs the check now on the caller's thread and returns the stored result, unless a run is already under way
     * (then returns null). Used by Run now. A result that could not be stored comes back with id 0.
     */
    CanaryResult runNow(CanaryCheck check) {
        if (!running.add(check.id())) {
            return null;
        }
        try {
            Instant started = Instant.now(clock);
            CheckOutcome outcome = execute(check);
            CanaryResult stored = recorder.record(check, started, outcome);
            return stored != null ? stored
                    : new CanaryResult(0, check.id(), started, outcome.status(), outcome.durationMs(), outcome.rowCount(), outcome.message());
        } finally {
            running.remove(check.id());
        }
    }

    /** Runs a check without recording anything, for "Test now" on a form that is not saved yet. */
    CheckOutcome test(CanaryCheck check) {
        return execute(check);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.warn("Canary scheduler tick failed: {}", e.toString());
        }
    }

    private void tick() {
        Instant now = Instant.now(clock);
        if (now.isAfter(leadershipCheckedAt.plus(LEADERSHIP_INTERVAL))) {
            leadershipCheckedAt = now;
            leadership.maintain();
        }
        cancelOverdue(now);
        if (!leadership.isLeader()) {
            return;
        }
        if (now.isAfter(checksReadAt.plus(CHECK_LIST_REFRESH))) {
            checks = repository.findAll();
            checksReadAt = now;
        }
        if (schedulerRunning) {
            for (CanaryCheck check : checks) {
                if (check.enabled() && !recorder.isDeleted(check.id())) {
                    scheduleIfDue(check, now);
                }
            }
        }
        // A stopped scheduler makes checks stale too, and that deserves its alert.
        recorder.sweepStale(checks, now);
        if (now.isAfter(resentAt.plus(RESEND_INTERVAL))) {
            resentAt = now;
            recorder.resendFiring();
        }
    }

    private void scheduleIfDue(CanaryCheck check, Instant now) {
        Duration interval = Duration.ofSeconds(check.intervalSeconds());
        Instant due = nextRun.computeIfAbsent(check.id(), id -> now.plus(firstOffset(interval)));
        if (now.isBefore(due) || !running.add(check.id())) {
            return;
        }
        Instant next = due.plus(interval);
        nextRun.put(check.id(), next.isAfter(now) ? next : now.plus(interval));
        try {
            workers.execute(() -> runScheduled(check, due));
        } catch (RejectedExecutionException e) {
            running.remove(check.id());
            if (rejected.getAndIncrement() % 100 == 0) {
                log.warn("Canary worker queue is full ({} checks waiting); check '{}' (id {}) skipped this interval",
                        QUEUE, check.name(), check.id());
            }
        }
    }

    /** Returns a random delay up to the interval, at most 10 s, so that checks created together spread out. */
    private static Duration firstOffset(Duration interval) {
        long bound = Math.min(interval.toMillis(), 10_000);
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
    }

    private void runScheduled(CanaryCheck check, Instant due) {
        try {
            Instant started = Instant.now(clock);
            recorder.scheduleDelay(Duration.between(due, started));
            CheckOutcome outcome = execute(check);
            recorder.record(check, started, outcome);
        } catch (RuntimeException e) {
            log.warn("Canary check '{}' (id {}) failed to run or record: {}", check.name(), check.id(), e.toString());
        } finally {
            running.remove(check.id());
        }
    }

    private CheckOutcome execute(CanaryCheck check) {
        CheckRunner runner = runners.get(check.type());
        if (runner == null) {
            return new CheckOutcome(CanaryStatus.ERROR, 0, null, "No runner for check type " + check.type());
        }
        Duration timeout = Duration.ofSeconds(check.timeoutSeconds());
        RunContext context = new RunContext(check, timeout, Instant.now(clock).plus(timeout).plus(CANCEL_GRACE));
        inFlight.add(context);
        long started = System.nanoTime();
        try {
            CheckOutcome outcome = runner.run(check, context);
            return context.timedOut ? timedOut(check, outcome.durationMs()) : outcome;
        } catch (SQLException e) {
            long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
            return context.timedOut ? timedOut(check, elapsed) : classify(check, e, elapsed);
        } catch (RuntimeException e) {
            long elapsed = Duration.ofNanos(System.nanoTime() - started).toMillis();
            if (e.getCause() instanceof SQLException cause) {
                return context.timedOut ? timedOut(check, elapsed) : classify(check, cause, elapsed);
            }
            log.warn("Canary check '{}' (id {}) raised {}", check.name(), check.id(), e.toString());
            return new CheckOutcome(CanaryStatus.ERROR, elapsed, null, "The check failed inside WEM: " + e.getMessage());
        } finally {
            inFlight.remove(context);
            context.closeAll();
        }
    }

    private static CheckOutcome timedOut(CanaryCheck check, long elapsedMs) {
        return new CheckOutcome(CanaryStatus.CRITICAL, elapsedMs, null,
                "Timed out after " + Duration.ofSeconds(check.timeoutSeconds()).toMillis() + " ms");
    }

    /**
     * Maps a failure to a status. Timeouts and lost connections are CRITICAL (the cluster is not serving); SQL that the
     * server rejects as written (syntax, permissions, a write in a read-only transaction) is ERROR, a misconfigured check.
     */
    static CheckOutcome classify(CanaryCheck check, SQLException e, long elapsedMs) {
        // A pool timeout hides why connecting failed (a missing database, a wrong password); report the cause instead.
        if (e instanceof SQLTransientConnectionException && e.getCause() instanceof SQLException cause) {
            return classify(check, cause, elapsedMs);
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (state.equals("57014")) {
            return timedOut(check, elapsedMs);
        }
        if (state.equals("3D000")) {
            return new CheckOutcome(CanaryStatus.ERROR, elapsedMs, null, message);
        }
        if (state.startsWith("08") || state.startsWith("57P") || state.startsWith("53")
                || e instanceof SQLTransientConnectionException) {
            return new CheckOutcome(CanaryStatus.CRITICAL, elapsedMs, null, "Cluster unreachable: " + message);
        }
        if (state.startsWith("42") || state.startsWith("22") || state.startsWith("0A") || state.startsWith("25")) {
            return new CheckOutcome(CanaryStatus.ERROR, elapsedMs, null, message);
        }
        return new CheckOutcome(CanaryStatus.CRITICAL, elapsedMs, null, message + (state.isEmpty() ? "" : " (SQL state " + state + ")"));
    }

    private void cancelOverdue(Instant now) {
        for (RunContext context : inFlight) {
            if (!context.timedOut && now.isAfter(context.deadline)) {
                context.timedOut = true;
                context.cancel();
                log.info("Canary check '{}' (id {}) passed its {} s timeout; cancelled it on the server",
                        context.check.name(), context.check.id(), context.check.timeoutSeconds());
            }
        }
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }

    /** The context of one run. It remembers the connections it handed out, so that a timeout can cancel them. */
    private final class RunContext implements CheckRunner.Context {

        private final CanaryCheck check;
        private final Duration timeout;
        private final Instant deadline;
        private final List<Connection> handedOut = new ArrayList<>();
        private volatile boolean timedOut;

        RunContext(CanaryCheck check, Duration timeout, Instant deadline) {
            this.check = check;
            this.timeout = timeout;
            this.deadline = deadline;
        }

        @Override
        public Connection connection() throws SQLException {
            Connection connection = connections.connection(check.database(), timeout);
            synchronized (handedOut) {
                handedOut.add(connection);
            }
            return connection;
        }

        @Override
        public ClusterInfo info() {
            ClusterInfo known = cluster.cachedInfo();
            if (known != null) {
                return known;
            }
            try (Connection connection = connections.connection(check.database(), timeout)) {
                return cluster.info(connection);
            } catch (SQLException e) {
                throw new IllegalStateException("Cluster unreachable: " + e.getMessage(), e);
            }
        }

        @Override
        public WemConfig.ClusterConnectionConfig cluster() {
            return connections.cluster(check.database());
        }

        @Override
        public Duration timeout() {
            return timeout;
        }

        /** Sends a cancel request for the statements on the handed-out connections. */
        void cancel() {
            synchronized (handedOut) {
                for (Connection connection : handedOut) {
                    try {
                        if (!connection.isClosed()) {
                            connection.unwrap(PGConnection.class).cancelQuery();
                        }
                    } catch (SQLException e) {
                        log.debug("Cancel request for check {} failed: {}", check.id(), e.getMessage());
                    }
                }
            }
        }

        /** Closes the connections the runner left open; runs on every path out of {@code execute}, failures included. */
        void closeAll() {
            synchronized (handedOut) {
                for (Connection connection : handedOut) {
                    try {
                        connection.close();
                    } catch (SQLException e) {
                        log.debug("Closing a connection of check {} failed: {}", check.id(), e.getMessage());
                    }
                }
                handedOut.clear();
            }
        }
    }
}

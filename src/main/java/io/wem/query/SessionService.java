package io.wem.query;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.wem.access.SignedInUser;
import io.wem.audit.AuditEvent;
import io.wem.audit.AuditEventType;
import io.wem.audit.AuditService;
import io.wem.cluster.ClusterConnection;
import io.wem.cluster.ClusterInfo;
import io.wem.cluster.SessionSql;
import io.wem.config.WemConfig;
import io.wem.web.WemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The Query Monitor's use cases: list the coordinator's sessions with filters and cards, show one with its blocking
 * chain and locks, and cancel a query or terminate a session. A target is named by pid and backend start, because
 * pids are reused: a session that changed since the list was read is refused with 409. Every attempt is audited.
 */
@Service
public class SessionService {

    static final Duration SIGNAL_WAIT = Duration.ofSeconds(10);
    static final Duration SIGNAL_POLL = Duration.ofMillis(250);
    static final int AUDITED_QUERY_LENGTH = 1000;
    static final int MAX_REASON_LENGTH = 500;
    static final Set<String> SORTS = Set.of("pid", "user", "database", "application", "state", "duration", "queryStart",
            "backendStart", "xactStart", "resourceGroup", "clientAddress");
    /** The states of pg_stat_activity that the state filter accepts. */
    static final List<String> STATES = List.of("active", "idle", "idle in transaction", "idle in transaction (aborted)",
            "fastpath function call", "disabled");
    private static final Logger log = LoggerFactory.getLogger(SessionService.class);

    private final ClusterConnection cluster;
    private final AuditService audit;
    private final TransactionTemplate transaction;
    private final Clock clock;
    private final Duration longRunning;

    SessionService(ClusterConnection cluster, AuditService audit, TransactionTemplate transaction, Clock clock, WemConfig config) {
        this.cluster = cluster;
        this.audit = audit;
        this.transaction = transaction;
        this.clock = clock;
        this.longRunning = Duration.ofMinutes(config.longRunningThresholdMinutes());
    }

    /** The filters of the session list; null or blank means "any". */
    public record Filter(String database, String user, String state, String resourceGroup, String application,
                         Long minDurationSeconds, String q, boolean includeOwn, String sort, boolean descending) {

        public static Filter none() {
            return new Filter(null, null, null, null, null, null, null, false, "duration", true);
        }
    }

    /** The cards above the table. Blocked counts each blocked session once, whatever number of locks it waits for. */
    public record Summary(int active, int idle, int idleInTransaction, int idleInTransactionAborted, int waiting, int blocked,
                          int longRunning, int total) {
    }

    /** A filtered, sorted list with the cards for the same sessions, and the threshold behind "long running". */
    public record Listing(List<ClusterSession> sessions, Summary summary, long longRunningMinutes) {
    }

    /** One session with the sessions that block it (transitively), the ones it blocks, and its locks. */
    public record Details(ClusterSession session, List<ClusterSession> blockedBy, List<ClusterSession> blocking,
                          List<Map<String, Object>> locks) {
    }

    /** The result of a cancel or terminate request: {@code outcome} is cancelled, terminated or still running. */
    public record SignalResult(int pid, String outcome, String message) {
    }

    /** Returns the sessions that match the filter, or throws {@link ClusterUnavailableException} when the cluster cannot be read. */
    public Listing list(Filter filter) {
        validate(filter);
        List<ClusterSession> all = read();
        List<ClusterSession> visible = all.stream().filter(session -> filter.includeOwn() || !session.own()).toList();
        List<ClusterSession> matching = new ArrayList<>(visible.stream().filter(session -> matches(session, filter)).toList());
        matching.sort(order(filter));
        return new Listing(List.copyOf(matching), summarize(visible), longRunning.toMinutes());
    }

    public Details details(int pid) {
        List<ClusterSession> all = read();
        ClusterSession session = all.stream().filter(candidate -> candidate.pid() == pid).findFirst()
                .orElseThrow(() -> WemException.notFound("No session with pid " + pid + " on the coordinator; it may have ended"));
        Map<Integer, ClusterSession> byPid = new LinkedHashMap<>();
        all.forEach(candidate -> byPid.put(candidate.pid(), candidate));
        List<ClusterSession> blockers = new ArrayList<>();
        List<Integer> pending = new ArrayList<>(session.blockedBy());
        while (!pending.isEmpty()) {
            ClusterSession blocker = byPid.get(pending.remove(0));
            if (blocker != null && !blockers.contains(blocker) && blocker.pid() != pid) {
                blockers.add(blocker);
                pending.addAll(blocker.blockedBy());
            }
        }
        List<ClusterSession> blocked = all.stream().filter(candidate -> candidate.blockedBy().contains(pid)).toList();
        return new Details(session, blockers, blocked, locks(pid));
    }

    public SignalResult cancel(SignedInUser actor, int pid, String backendStart, String reason) {
        return signal(actor, pid, backendStart, reason, Signal.CANCEL);
    }

    public SignalResult terminate(SignedInUser actor, int pid, String backendStart, String reason) {
        return signal(actor, pid, backendStart, reason, Signal.TERMINATE);
    }

    /** The two signals, with their server function, their audit type and the outcome words. */
    enum Signal {
        CANCEL("pg_cancel_backend", AuditEventType.CANCEL_QUERY, "cancelled", "cancel the query of"),
        TERMINATE("pg_terminate_backend", AuditEventType.TERMINATE_SESSION, "terminated", "terminate");

        final String function;
        final AuditEventType auditType;
        final String done;
        final String verb;

        Signal(String function, AuditEventType auditType, String done, String verb) {
            this.function = function;
            this.auditType = auditType;
            this.done = done;
            this.verb = verb;
        }
    }

    private SignalResult signal(SignedInUser actor, int pid, String backendStartText, String reason, Signal signal) {
        Instant backendStart = parseBackendStart(backendStartText);
        if (reason != null && reason.length() > MAX_REASON_LENGTH) {
            throw WemException.invalid("reason", "Reason must be at most " + MAX_REASON_LENGTH + " characters, got " + reason.length());
        }
        ClusterSession session = read().stream().filter(candidate -> candidate.pid() == pid).findFirst().orElse(null);
        if (session == null || !session.backendStart().equals(backendStart)) {
            auditRefusal(actor, pid, session, reason, signal, "session ended or changed");
            throw WemException.conflict("The session has ended or changed; refresh the list");
        }
        if (session.own()) {
            auditRefusal(actor, pid, session, reason, signal, "WEM's own session");
            throw WemException.conflict("Session " + pid + " belongs to WEM itself; WEM does not cancel or terminate its own sessions");
        }
        if (signal == Signal.CANCEL && session.isIdle()) {
            auditRefusal(actor, pid, session, reason, signal, "session idle");
            throw WemException.conflict("Session " + pid + " is idle, so it has no query to cancel");
        }
        if (signal == Signal.CANCEL && session.isIdleInTransaction()) {
            // pg_cancel_backend would return true and change nothing: the transaction and its locks stay.
            auditRefusal(actor, pid, session, reason, signal, "session idle in transaction");
            throw WemException.conflict("Session " + pid + " is " + session.state() + ", so it has no running query to cancel."
                    + " Terminate it to end the transaction and release its locks");
        }

        String outcome = send(pid, backendStart, session, signal);
        boolean succeeded = outcome.equals(signal.done);
        String message = succeeded
                ? "Session " + pid + ": " + signal.done + "."
                : "Session " + pid + ": " + outcome + " " + SIGNAL_WAIT.toSeconds() + " s after the request to " + signal.verb + " it.";
        transaction.executeWithoutResult(status -> audit.record(draft(actor, session, reason, signal, outcome, succeeded)));
        log.info("User {} asked to {} session {} ({}@{}): {}", actor.username(), signal.verb, pid, session.user(), session.database(), outcome);
        return new SignalResult(pid, outcome, message);
    }

    /** Sends the signal and watches the session for up to 10 s; returns the outcome word. */
    private String send(int pid, Instant backendStart, ClusterSession before, Signal signal) {
        try (Connection connection = cluster.connection()) {
            SessionSql sql = SessionSql.forCluster(cluster.info(connection));
            boolean sent;
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + signal.function + "(?)")) {
                statement.setInt(1, pid);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    sent = rows.getBoolean(1);
                }
            }
            if (!sent) {
                return "not sent (the server refused the signal)";
            }
            long deadline = System.nanoTime() + SIGNAL_WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                if (done(connection, sql, pid, backendStart, before, signal)) {
                    return signal.done;
                }
                sleep();
            }
            return done(connection, sql, pid, backendStart, before, signal) ? signal.done : "still running";
        } catch (SQLException e) {
            cluster.forgetInfo();
            throw new ClusterUnavailableException(e);
        }
    }

    /** A terminated session is gone; a cancelled one is gone, no longer active, or runs another query. */
    private static boolean done(Connection connection, SessionSql sql, int pid, Instant backendStart, ClusterSession before,
                                Signal signal) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql.sessionExists())) {
            statement.setInt(1, pid);
            statement.setTimestamp(2, Timestamp.from(backendStart));
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next() || !rows.getBoolean("present")) {
                    return true;
                }
            }
        }
        if (signal == Signal.TERMINATE) {
            return false;
        }
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql.sessions())) {
            while (rows.next()) {
                if (rows.getInt("pid") == pid) {
                    Timestamp queryStart = rows.getTimestamp("query_start");
                    boolean sameQuery = queryStart != null && before.queryStart() != null
                            && queryStart.toInstant().equals(before.queryStart());
                    return !"active".equals(rows.getString("state")) || !sameQuery;
                }
            }
        }
        return true;
    }

    private void auditRefusal(SignedInUser actor, int pid, ClusterSession session, String reason, Signal signal, String refusal) {
        AuditEvent.Draft draft = session == null
                ? AuditEvent.Draft.failure(signal.auditType, actor.id(), actor.username(), refusal)
                        .target("session", Integer.toString(pid), null)
                        .details(detailsOf(pid, null, reason, "refused: " + refusal))
                : draft(actor, session, reason, signal, "refused: " + refusal, false);
        transaction.executeWithoutResult(status -> audit.record(draft));
    }

    private static AuditEvent.Draft draft(SignedInUser actor, ClusterSession session, String reason, Signal signal, String outcome,
                                          boolean succeeded) {
        AuditEvent.Draft base = succeeded
                ? AuditEvent.Draft.success(signal.auditType, actor.id(), actor.username())
                : AuditEvent.Draft.failure(signal.auditType, actor.id(), actor.username(), outcome);
        return base.target("session", Integer.toString(session.pid()), session.user() + "@" + session.database())
                .details(detailsOf(session.pid(), session, reason, outcome));
    }

    private static Map<String, Object> detailsOf(int pid, ClusterSession session, String reason, String outcome) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pid", pid);
        if (session != null) {
            details.put("user", session.user());
            details.put("database", session.database());
            String query = session.query() == null ? "" : session.query();
            details.put("query", query.length() > AUDITED_QUERY_LENGTH ? query.substring(0, AUDITED_QUERY_LENGTH) : query);
        }
        details.put("reason", reason == null || reason.isBlank() ? null : reason.strip());
        details.put("outcome", outcome);
        return details;
    }

    private List<ClusterSession> read() {
        Instant now = Instant.now(clock);
        try (Connection connection = cluster.connection()) {
            ClusterInfo info = cluster.info(connection);
            List<ClusterSession> sessions = new ArrayList<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(SessionSql.forCluster(info).sessions())) {
                while (rows.next()) {
                    sessions.add(map(rows, now));
                }
            }
            return sessions;
        } catch (SQLException e) {
            cluster.forgetInfo();
            throw new ClusterUnavailableException(e);
        }
    }

    private List<Map<String, Object>> locks(int pid) {
        try (Connection connection = cluster.connection();
             PreparedStatement statement = connection.prepareStatement(SessionSql.forCluster(cluster.info(connection)).locks())) {
            statement.setInt(1, pid);
            List<Map<String, Object>> locks = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> lock = new LinkedHashMap<>();
                    lock.put("locktype", rows.getString("locktype"));
                    lock.put("relation", rows.getString("relation"));
                    lock.put("mode", rows.getString("mode"));
                    lock.put("granted", rows.getBoolean("granted"));
                    locks.add(lock);
                }
            }
            return locks;
        } catch (SQLException e) {
            cluster.forgetInfo();
            throw new ClusterUnavailableException(e);
        }
    }

    private static ClusterSession map(ResultSet rows, Instant now) throws SQLException {
        Instant queryStart = instant(rows.getTimestamp("query_start"));
        Array blockedBy = rows.getArray("blocked_by");
        List<Integer> blockers = blockedBy == null ? List.of()
                : Arrays.stream((Integer[]) blockedBy.getArray()).filter(java.util.Objects::nonNull).distinct().toList();
        return new ClusterSession(
                rows.getInt("pid"),
                rows.getLong("session_id"),
                rows.getString("usename"),
                rows.getString("datname"),
                rows.getString("application_name"),
                rows.getString("client_addr"),
                rows.getString("state"),
                rows.getString("wait"),
                rows.getBoolean("waiting"),
                rows.getString("resource_group"),
                instant(rows.getTimestamp("backend_start")),
                instant(rows.getTimestamp("xact_start")),
                queryStart,
                queryStart == null ? null : Math.max(0, Duration.between(queryStart, now).toSeconds()),
                blockers,
                rows.getString("query"),
                rows.getBoolean("own"));
    }

    private Summary summarize(List<ClusterSession> sessions) {
        int active = 0;
        int idle = 0;
        int idleInTransaction = 0;
        int aborted = 0;
        int waiting = 0;
        int blocked = 0;
        int longRunningCount = 0;
        for (ClusterSession session : sessions) {
            String state = session.state() == null ? "" : session.state();
            switch (state) {
                case "active" -> active++;
                case "idle" -> idle++;
                case "idle in transaction" -> idleInTransaction++;
                case "idle in transaction (aborted)" -> aborted++;
                default -> {
                }
            }
            if (session.waiting()) {
                waiting++;
            }
            if (session.isBlocked()) {
                blocked++;
            }
            if ("active".equals(state) && session.durationSeconds() != null && session.durationSeconds() > longRunning.toSeconds()) {
                longRunningCount++;
            }
        }
        return new Summary(active, idle, idleInTransaction, aborted, waiting, blocked, longRunningCount, sessions.size());
    }

    private static boolean matches(ClusterSession session, Filter filter) {
        return equalsOrAny(filter.database(), session.database())
                && equalsOrAny(filter.user(), session.user())
                && equalsOrAny(filter.state(), session.state())
                && equalsOrAny(filter.resourceGroup(), session.resourceGroup())
                && equalsOrAny(filter.application(), session.application())
                && (filter.minDurationSeconds() == null
                    || (session.durationSeconds() != null && session.durationSeconds() >= filter.minDurationSeconds()))
                && (filter.q() == null || filter.q().isBlank() || (session.query() != null
                    && session.query().toLowerCase(Locale.ROOT).contains(filter.q().strip().toLowerCase(Locale.ROOT))));
    }

    private static boolean equalsOrAny(String expected, String actual) {
        return expected == null || expected.isBlank() || expected.strip().equals(actual);
    }

    private static Comparator<ClusterSession> order(Filter filter) {
        Function<ClusterSession, Comparable<?>> key = switch (filter.sort() == null ? "duration" : filter.sort()) {
            case "pid" -> ClusterSession::pid;
            case "user" -> ClusterSession::user;
            case "database" -> ClusterSession::database;
            case "application" -> ClusterSession::application;
            case "state" -> ClusterSession::state;
            case "queryStart" -> ClusterSession::queryStart;
            case "backendStart" -> ClusterSession::backendStart;
            case "xactStart" -> ClusterSession::xactStart;
            case "resourceGroup" -> ClusterSession::resourceGroup;
            case "clientAddress" -> ClusterSession::clientAddress;
            default -> ClusterSession::durationSeconds;
        };
        @SuppressWarnings({"unchecked", "rawtypes"})
        Comparator<ClusterSession> comparator = Comparator.comparing(session -> (Comparable) key.apply(session),
                Comparator.nullsLast(Comparator.naturalOrder()));
        comparator = filter.descending() ? comparator.reversed() : comparator;
        return comparator.thenComparingInt(ClusterSession::pid);
    }

    private static void validate(Filter filter) {
        if (filter.sort() != null && !SORTS.contains(filter.sort())) {
            throw WemException.invalid("sort", "sort must be one of " + String.join(", ", SORTS.stream().sorted().toList())
                    + ", got '" + filter.sort() + "'");
        }
        if (filter.state() != null && !filter.state().isBlank() && !STATES.contains(filter.state())) {
            throw WemException.invalid("state", "state must be one of " + String.join(", ", STATES) + ", got '" + filter.state() + "'");
        }
        if (filter.minDurationSeconds() != null && filter.minDurationSeconds() < 0) {
            throw WemException.invalid("minDurationSeconds", "minDurationSeconds must not be negative, got " + filter.minDurationSeconds());
        }
    }

    private static Instant parseBackendStart(String text) {
        if (text == null || text.isBlank()) {
            throw WemException.invalid("backendStart", "backendStart is required: the session's backend start from the list, "
                    + "for example 2026-12-04T10:00:00.123456Z");
        }
        try {
            return Instant.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw WemException.invalid("backendStart", "backendStart must be an ISO-8601 time in UTC, got '" + text + "'");
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static void sleep() {
        try {
            Thread.sleep(SIGNAL_POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The cluster could not be read, so pages show "Cluster unreachable" and the API returns 503. */
    public static final class ClusterUnavailableException extends WemException {

        ClusterUnavailableException(SQLException cause) {
            super(HttpStatus.SERVICE_UNAVAILABLE, "Cluster unreachable: " + cause.getMessage(), null);
            initCause(cause);
        }
    }
}

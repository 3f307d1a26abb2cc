import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Replaces the Audit Log of a stopped WEM with generated events that form a valid hash chain.
 *
 * <p>The program deletes every row of {@code audit_event}, inserts {@code --events} new ones with seq 1 to N
 * and timestamps that rise over the last {@code --days} days, and sets the head and anchor of
 * {@code audit_chain} to match. Each hash is SHA-256 over the previous hash followed by the event's canonical
 * JSON array, which is what {@code io.wem.audit.AuditChain} computes, so {@code GET /api/v1/audit/verify}
 * reports the chain as valid. The same seed gives the same events, apart from the times and so the hashes. The
 * times end a minute before the program starts.
 *
 * <p>Run it with the JDBC driver on the class path, for example
 * {@code java -cp h2-2.3.232.jar bench/AuditLoad.java --jdbc-url 'jdbc:h2:file:DATA/wem;MODE=PostgreSQL;...'}.
 * WEM must have started once on that store, so that Flyway has created the tables, and must be stopped, because
 * the chain head would otherwise race with WEM's own appends (and an H2 file is locked while WEM runs).
 */
public final class AuditLoad {

    private static final int DEFAULT_EVENTS = 1_000_000;
    private static final int DEFAULT_DAYS = 180;
    private static final int DEFAULT_ACTORS = 50;
    private static final long DEFAULT_SEED = 20261204L;
    private static final int BATCH_SIZE = 5_000;
    private static final int COMMIT_EVERY = 50_000;

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AuditLoad: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.println(Options.USAGE);
            return;
        }

        try (Connection connection = DriverManager.getConnection(options.jdbcUrl, options.user, options.password)) {
            connection.setAutoCommit(false);
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
            System.out.printf("AuditLoad: %s %s, %,d events over %d days, %d actors, seed %d%n",
                    connection.getMetaData().getDatabaseProductName(), connection.getMetaData().getDatabaseProductVersion(),
                    options.events, options.days, options.actors, options.seed);

            long started = System.nanoTime();
            long deleted = deleteExistingEvents(connection, postgres);
            System.out.printf("AuditLoad: deleted %,d existing events in %.1f s%n", deleted, seconds(System.nanoTime() - started));

            long insertStarted = System.nanoTime();
            EventGenerator generator = new EventGenerator(options);
            String lastHash = insertEvents(connection, generator, options.events);
            double insertSeconds = seconds(System.nanoTime() - insertStarted);
            System.out.printf("AuditLoad: inserted %,d events in %.1f s (%,.0f events/s), hashes included%n",
                    options.events, insertSeconds, options.events / insertSeconds);

            setChainHead(connection, options.events, lastHash);

            long analyzeStarted = System.nanoTime();
            String maintenance = analyze(connection, postgres);
            System.out.printf("AuditLoad: %s in %.1f s%n", maintenance, seconds(System.nanoTime() - analyzeStarted));

            printTypeCounts(generator.typeCounts);
            System.out.printf("AuditLoad: %,d events (%.2f%%) contain '%s' in their details%n", generator.markedDetails,
                    100.0 * generator.markedDetails / options.events, EventGenerator.MARKER_WORD);
            System.out.printf("AuditLoad: chain head seq %d, hash %s%n", options.events, lastHash);
            System.out.printf("AuditLoad: total %.1f s%n", seconds(System.nanoTime() - started));
        } catch (SQLException e) {
            System.err.println("AuditLoad: database error: " + e.getMessage()
                    + ". Check that WEM started once on this store (so its tables exist) and is stopped now.");
            System.exit(1);
        }
    }

    /**
     * Gathers fresh statistics and returns the statement that it ran. On PostgreSQL it also vacuums, as a
     * long-running server's autovacuum would have done, so that autovacuum does not start on the new rows
     * while the benchmark runs.
     */
    private static String analyze(Connection connection, boolean postgres) throws SQLException {
        String statementText = postgres ? "VACUUM (ANALYZE) audit_event" : "ANALYZE TABLE audit_event";
        // PostgreSQL runs VACUUM only outside a transaction block.
        connection.setAutoCommit(true);
        try (Statement statement = connection.createStatement()) {
            statement.execute(statementText);
        } finally {
            connection.setAutoCommit(false);
        }
        return statementText;
    }

    /** Deletes all events. On PostgreSQL, the append-only trigger allows this only with wem.audit_purge set to on. */
    private static long deleteExistingEvents(Connection connection, boolean postgres) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            if (postgres) {
                statement.execute("SET LOCAL wem.audit_purge = 'on'");
            }
            long deleted = statement.executeLargeUpdate("DELETE FROM audit_event");
            connection.commit();
            return deleted;
        }
    }

    /** Inserts seq 1 to {@code count} in batches and returns the hash of the last event. */
    private static String insertEvents(Connection connection, EventGenerator generator, int count) throws SQLException {
        String sql = """
                INSERT INTO audit_event (seq, occurred_at, event_type, actor_id, actor_username, target_kind, target_id,
                                         target_name, source_ip, user_agent, outcome, reason, details, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
        String previousHash = "";
        long reportAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            for (int seq = 1; seq <= count; seq++) {
                Event event = generator.next(seq);
                String hash = ChainHash.hash(previousHash, event);
                bind(insert, event, hash);
                insert.addBatch();
                previousHash = hash;
                if (seq % BATCH_SIZE == 0 || seq == count) {
                    insert.executeBatch();
                }
                if (seq % COMMIT_EVERY == 0 || seq == count) {
                    connection.commit();
                    if (System.nanoTime() > reportAt) {
                        System.out.printf("AuditLoad: %,d of %,d events inserted%n", seq, count);
                        reportAt = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    }
                }
            }
        }
        return previousHash;
    }

    private static void bind(PreparedStatement insert, Event event, String hash) throws SQLException {
        insert.setLong(1, event.seq);
        insert.setObject(2, OffsetDateTime.ofInstant(event.occurredAt, ZoneOffset.UTC));
        insert.setString(3, event.type.name());
        if (event.actorId == null) {
            insert.setNull(4, Types.BIGINT);
        } else {
            insert.setLong(4, event.actorId);
        }
        insert.setString(5, event.actorUsername);
        insert.setString(6, event.targetKind);
        insert.setString(7, event.targetId);
        insert.setString(8, event.targetName);
        insert.setString(9, event.sourceIp);
        insert.setString(10, event.userAgent);
        insert.setString(11, event.outcome);
        insert.setString(12, event.reason);
        insert.setString(13, event.details);
        insert.setString(14, hash);
    }

    /** Points the head at the last event and the anchor at the start, and clears the last purge. */
    private static void setChainHead(Connection connection, long lastSeq, String lastHash) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("""
                UPDATE audit_chain SET last_seq = ?, last_hash = ?, anchor_seq = 0, anchor_hash = '',
                       last_purge_at = NULL, last_purge_count = NULL, last_purge_outcome = NULL
                WHERE id = 1""")) {
            update.setLong(1, lastSeq);
            update.setString(2, lastHash);
            if (update.executeUpdate() != 1) {
                throw new SQLException("audit_chain has no row with id 1. Start WEM once on this store first.");
            }
        }
        connection.commit();
    }

    private static void printTypeCounts(Map<EventType, Integer> counts) {
        System.out.println("AuditLoad: events per type");
        counts.forEach((type, count) -> System.out.printf("  %-22s %,9d%n", type, count));
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    /** The event types of {@code io.wem.audit.AuditEventType} that the generator produces, with their share in percent. */
    enum EventType {
        LOGIN(45.5), LOGOUT(30.0), FAILED_LOGIN(12.0), SESSION_EXPIRED(8.0), UPDATE_USER(1.5), PASSWORD_CHANGE(1.0),
        CREATE_USER(0.4), PASSWORD_RESET(0.4), ACCOUNT_LOCKED(0.3), CREATE_DATABASE_ROLE(0.3), ACCOUNT_UNLOCKED(0.2),
        DELETE_USER(0.2), UPDATE_PERMISSIONS(0.15), RESET_PERMISSIONS(0.05);

        final double percent;

        EventType(double percent) {
            this.percent = percent;
        }
    }

    /** One generated row of audit_event, without its id and hash. Nullable fields are null as in WEM. */
    record Event(long seq, Instant occurredAt, EventType type, Long actorId, String actorUsername, String targetKind,
                 String targetId, String targetName, String sourceIp, String userAgent, String outcome, String reason,
                 String details) {
    }

    /**
     * Deterministic source of events that look like WEM's own: sign-ins and sign-outs of a few dozen users, some
     * failed sign-ins and lockouts, and occasional user and permission management by the administrators.
     */
    static final class EventGenerator {

        /** A word that only the details of CREATE_USER, PASSWORD_RESET and some UPDATE_USER events contain. */
        static final String MARKER_WORD = "mustChangePassword";

        private static final String[] FIRST_NAMES = {"Anna", "Ben", "Carla", "David", "Elena", "Farid", "Grace", "Hugo",
                "Ines", "Jonas", "Kira", "Liam", "Maya", "Nils", "Olga", "Pavel", "Quinn", "Rosa", "Sven", "Tara"};
        private static final String[] LAST_NAMES = {"Berg", "Costa", "Dahl", "Evans", "Fischer", "Garcia", "Hansen",
                "Ito", "Jensen", "Klein", "Lopez", "Meyer", "Novak", "Olsen", "Petrov", "Rossi", "Schmidt", "Tanaka"};
        private static final String[] USER_AGENTS = {
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
                "curl/8.5.0",
                "python-requests/2.32.3"};
        private static final String[] UNKNOWN_USERNAMES = {"root", "administrator", "test", "guest", "gpadmin", "postgres",
                "user", "oracle"};
        private static final String[] ROLES = {"ADMIN", "OPERATOR", "VIEWER"};
        private static final String[] PERMISSIONS = {"queries.cancel", "queries.view", "sessions.terminate",
                "metrics.view", "logs.view", "alerts.manage"};

        final Map<EventType, Integer> typeCounts = new EnumMap<>(EventType.class);
        long markedDetails;

        private final Random random;
        private final Instant start;
        private final long spanMicros;
        private final int count;
        private final double[] cumulativePercent;
        private final List<Actor> actors = new ArrayList<>();
        private final double[] cumulativeActorWeight;
        private final List<Actor> admins = new ArrayList<>();
        private int nextUserId;

        private record Actor(long id, String username, String fullName, String role, String[] addresses, String userAgent) {
        }

        EventGenerator(Options options) {
            this.random = new Random(options.seed);
            this.count = options.events;
            Instant end = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofMinutes(1));
            this.start = end.minus(Duration.ofDays(options.days));
            this.spanMicros = ChronoUnit.MICROS.between(start, end);

            EventType[] types = EventType.values();
            cumulativePercent = new double[types.length];
            double sum = 0;
            for (int i = 0; i < types.length; i++) {
                sum += types[i].percent;
                cumulativePercent[i] = sum;
                typeCounts.put(types[i], 0);
            }

            // Actor 1 is the bootstrap admin. A few more admins manage users, everyone else operates or views.
            for (int i = 0; i < options.actors; i++) {
                long id = i + 1;
                String username;
                String fullName;
                if (i == 0) {
                    username = "admin";
                    fullName = "Administrator";
                } else {
                    String first = FIRST_NAMES[(i * 7) % FIRST_NAMES.length];
                    String last = LAST_NAMES[(i * 5) % LAST_NAMES.length];
                    username = (first.charAt(0) + last).toLowerCase(Locale.ROOT) + (i >= 18 ? Integer.toString(i) : "");
                    fullName = first + " " + last;
                }
                String role = "VIEWER";
                if (i < 4) {
                    role = "ADMIN";
                } else if (i < 20) {
                    role = "OPERATOR";
                }
                String[] addresses = new String[1 + random.nextInt(3)];
                for (int a = 0; a < addresses.length; a++) {
                    addresses[a] = "10.20." + (1 + random.nextInt(40)) + "." + (2 + random.nextInt(250));
                }
                Actor actor = new Actor(id, username, fullName, role, addresses, USER_AGENTS[random.nextInt(USER_AGENTS.length)]);
                actors.add(actor);
                if (role.equals("ADMIN")) {
                    admins.add(actor);
                }
            }
            nextUserId = options.actors + 1;

            // Some users sign in far more often than others: weight 1 / rank^0.8.
            cumulativeActorWeight = new double[actors.size()];
            double total = 0;
            for (int i = 0; i < actors.size(); i++) {
                total += 1.0 / Math.pow(i + 1, 0.8);
                cumulativeActorWeight[i] = total;
            }
        }

        /** Returns the event with this seq. Call it with seq 1, 2, 3 and so on, because the times rise with seq. */
        Event next(long seq) {
            // Event k falls in the k-th of count equal slices of the span, so the times rise strictly with seq
            // whenever a slice is longer than a microsecond.
            long offset = (long) ((seq - 1 + random.nextDouble()) * spanMicros / count);
            Instant at = start.plus(offset, ChronoUnit.MICROS);
            EventType type = pickType();
            typeCounts.merge(type, 1, Integer::sum);
            Actor actor = pickActor();
            String address = actor.addresses[random.nextInt(actor.addresses.length)];
            Event event = switch (type) {
                case LOGIN, LOGOUT -> userEvent(seq, at, type, actor, address, "SUCCESS", null, "{}");
                case SESSION_EXPIRED -> new Event(seq, at, type, actor.id, actor.username, "user", Long.toString(actor.id),
                        actor.username, null, null, "SUCCESS", null, "{}");
                case PASSWORD_CHANGE -> userEvent(seq, at, type, actor, address, "SUCCESS", null, "{}");
                case FAILED_LOGIN -> failedLogin(seq, at, actor, address);
                case ACCOUNT_LOCKED -> new Event(seq, at, type, null, "system", "user", Long.toString(actor.id),
                        actor.username, address, actor.userAgent, "SUCCESS", null,
                        "{\"threshold\":5,\"windowMinutes\":15,\"lockedUntil\":\"" + at.plus(Duration.ofMinutes(15)) + "\"}");
                default -> adminEvent(seq, at, type);
            };
            if (event.details.contains(MARKER_WORD)) {
                markedDetails++;
            }
            return event;
        }

        private Event userEvent(long seq, Instant at, EventType type, Actor actor, String address, String outcome,
                                String reason, String details) {
            return new Event(seq, at, type, actor.id, actor.username, "user", Long.toString(actor.id), actor.username,
                    address, actor.userAgent, outcome, reason, details);
        }

        private Event failedLogin(long seq, Instant at, Actor actor, String address) {
            int kind = random.nextInt(100);
            if (kind < 15) {
                // Unknown user names come from outside the usual addresses.
                String attempted = UNKNOWN_USERNAMES[random.nextInt(UNKNOWN_USERNAMES.length)];
                String outside = "192.0.2." + (1 + random.nextInt(254));
                return new Event(seq, at, EventType.FAILED_LOGIN, null, attempted, "user", null, attempted, outside,
                        USER_AGENTS[4 + random.nextInt(2)], "FAILURE", "unknown user", "{}");
            }
            String reason = "account inactive";
            if (kind < 92) {
                reason = "wrong password";
            } else if (kind < 98) {
                reason = "account locked";
            }
            return userEvent(seq, at, EventType.FAILED_LOGIN, actor, address, "FAILURE", reason, "{}");
        }

        private Event adminEvent(long seq, Instant at, EventType type) {
            Actor admin = admins.get(random.nextInt(admins.size()));
            String address = admin.addresses[random.nextInt(admin.addresses.length)];
            Actor subject = pickActor();
            String details;
            String targetKind = "user";
            String targetId = Long.toString(subject.id);
            String targetName = subject.username;
            switch (type) {
                case CREATE_USER -> {
                    long id = nextUserId++;
                    targetId = Long.toString(id);
                    targetName = "newuser" + id;
                    details = "{\"role\":\"" + ROLES[1 + random.nextInt(2)] + "\",\"fullName\":\"New User " + id
                            + "\",\"active\":true,\"mustChangePassword\":true,\"databaseRole\":\"none\",\"databaseRoleMode\":\"NONE\"}";
                }
                case UPDATE_USER -> details = switch (random.nextInt(4)) {
                    case 0 -> "{\"changes\":{\"role\":{\"before\":\"VIEWER\",\"after\":\"OPERATOR\"}}}";
                    case 1 -> "{\"changes\":{\"active\":{\"before\":true,\"after\":false}}}";
                    case 2 -> "{\"changes\":{\"fullName\":{\"before\":\"" + subject.fullName + "\",\"after\":\""
                            + subject.fullName + " Jr.\"}}}";
                    default -> "{\"changes\":{\"mustChangePassword\":{\"before\":false,\"after\":true}}}";
                };
                case DELETE_USER -> details = "{\"role\":\"" + subject.role + "\",\"fullName\":\"" + subject.fullName + "\"}";
                case PASSWORD_RESET -> details = "{\"mustChangePassword\":true,\"unlocked\":" + random.nextBoolean() + "}";
                case ACCOUNT_UNLOCKED -> details = "{\"wasLocked\":true,\"failedAttempts\":" + (5 + random.nextInt(3)) + "}";
                case CREATE_DATABASE_ROLE -> {
                    targetKind = "database role";
                    targetId = null;
                    details = "{\"login\":true,\"forUser\":\"" + subject.username + "\"}";
                }
                case UPDATE_PERMISSIONS, RESET_PERMISSIONS -> {
                    targetKind = "permissions";
                    targetId = null;
                    targetName = "permission matrix";
                    String permission = PERMISSIONS[random.nextInt(PERMISSIONS.length)];
                    boolean granted = random.nextBoolean();
                    details = "{\"changes\":[{\"permission\":\"" + permission + "\",\"role\":\"OPERATOR\",\"before\":"
                            + granted + ",\"after\":" + !granted + "}]}";
                }
                default -> throw new IllegalStateException("no generator for " + type);
            }
            return new Event(seq, at, type, admin.id, admin.username, targetKind, targetId, targetName, address,
                    admin.userAgent, "SUCCESS", null, details);
        }

        private EventType pickType() {
            double point = random.nextDouble() * cumulativePercent[cumulativePercent.length - 1];
            EventType[] types = EventType.values();
            for (int i = 0; i < types.length; i++) {
                if (point < cumulativePercent[i]) {
                    return types[i];
                }
            }
            return types[types.length - 1];
        }

        private Actor pickActor() {
            double point = random.nextDouble() * cumulativeActorWeight[cumulativeActorWeight.length - 1];
            for (int i = 0; i < cumulativeActorWeight.length; i++) {
                if (point < cumulativeActorWeight[i]) {
                    return actors.get(i);
                }
            }
            return actors.get(actors.size() - 1);
        }
    }

    /**
     * The hash of io.wem.audit.AuditChain: SHA-256 over the previous hash and then the JSON array
     * [seq, occurredAt, type, actorId, actorUsername, targetKind, targetId, targetName, sourceIp, userAgent,
     * outcome, reason, details], both as UTF-8, in lower-case hex. WEM writes the array with Jackson's defaults,
     * which add no spaces and write a missing value as null, and formats the time with {@code Instant.toString()}.
     */
    static final class ChainHash {

        private static final HexFormat HEX = HexFormat.of();

        static String hash(String previousHash, Event event) {
            MessageDigest digest;
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
            }
            digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
            digest.update(canonical(event).getBytes(StandardCharsets.UTF_8));
            return HEX.formatHex(digest.digest());
        }

        static String canonical(Event event) {
            StringBuilder json = new StringBuilder(256).append('[');
            json.append(event.seq).append(',');
            string(json, event.occurredAt.toString()).append(',');
            string(json, event.type.name()).append(',');
            json.append(event.actorId == null ? "null" : event.actorId.toString()).append(',');
            string(json, event.actorUsername).append(',');
            string(json, event.targetKind).append(',');
            string(json, event.targetId).append(',');
            string(json, event.targetName).append(',');
            string(json, event.sourceIp).append(',');
            string(json, event.userAgent).append(',');
            string(json, event.outcome).append(',');
            string(json, event.reason).append(',');
            string(json, event.details);
            return json.append(']').toString();
        }

        /**
         * Appends a JSON string as Jackson 3.1.4 (the version in WEM's jar) writes it by default. The quote and the
         * backslash are escaped, and so are the control characters: backspace, tab, line feed, form feed and carriage
         * return as short escapes, the others as a backslash-u escape with four upper-case hex digits. Every other
         * character, non-ASCII included, is written as it is.
         */
        private static StringBuilder string(StringBuilder json, String value) {
            if (value == null) {
                return json.append("null");
            }
            json.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\b' -> json.append("\\b");
                    case '\t' -> json.append("\\t");
                    case '\n' -> json.append("\\n");
                    case '\f' -> json.append("\\f");
                    case '\r' -> json.append("\\r");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04X", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            return json.append('"');
        }
    }

    static final class Options {

        static final String USAGE = """
                Usage: java -cp JDBC_DRIVER_JAR bench/AuditLoad.java --jdbc-url URL [OPTIONS]

                Replaces the Audit Log of a stopped WEM with generated events and a valid hash chain.

                  --jdbc-url URL   JDBC URL of WEM's state store (required)
                  --user NAME      database user (default: wem)
                  --password TEXT  database password (default: the WEM_BENCH_DB_PASSWORD environment variable, else empty)
                  --events N       number of events to insert (default: 1000000)
                  --days N         the events spread over this many days before now (default: 180)
                  --actors N       number of distinct WEM users that act, at least 4 (default: 50)
                  --seed N         seed of the random generator (default: 20261204)
                  --help           show this text""";

        String jdbcUrl;
        String user = "wem";
        String password = System.getenv().getOrDefault("WEM_BENCH_DB_PASSWORD", "");
        int events = DEFAULT_EVENTS;
        int days = DEFAULT_DAYS;
        int actors = DEFAULT_ACTORS;
        long seed = DEFAULT_SEED;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help")) {
                    options.help = true;
                    return options;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " is missing its value");
                }
                String value = args[++i];
                switch (name) {
                    case "--jdbc-url" -> options.jdbcUrl = value;
                    case "--user" -> options.user = value;
                    case "--password" -> options.password = value;
                    case "--events" -> options.events = positive(name, value, 1);
                    case "--days" -> options.days = positive(name, value, 1);
                    case "--actors" -> options.actors = positive(name, value, 4);
                    case "--seed" -> options.seed = parseLong(name, value);
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (options.jdbcUrl == null) {
                throw new IllegalArgumentException("--jdbc-url is missing");
            }
            return options;
        }

        private static int positive(String name, String value, int minimum) {
            long parsed = parseLong(name, value);
            if (parsed < minimum || parsed > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(name + " must be a whole number from " + minimum + " to "
                        + Integer.MAX_VALUE + ", got '" + value + "'");
            }
            return (int) parsed;
        }

        private static long parseLong(String name, String value) {
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'");
            }
        }
    }
}

package io.wem.cluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads and sets the cluster's {@code log_min_duration_statement}, which decides which statements the server logs
 * with their duration (the source of Slow Queries). PostgreSQL and the 7 lineage take {@code ALTER SYSTEM} and a
 * configuration reload. The 6 lineage does not, so WEM returns the gpconfig and gpstop commands to run instead.
 */
@Component
public class StatementLogging {

    static final String PARAMETER = "log_min_duration_statement";
    private static final Duration READ_BACK_WAIT = Duration.ofSeconds(3);
    private static final Pattern WITH_UNIT = Pattern.compile("(-?\\d+)\\s*(ms|s|min|h|d)?");
    private static final Logger log = LoggerFactory.getLogger(StatementLogging.class);

    private final ClusterConnection cluster;

    StatementLogging(ClusterConnection cluster) {
        this.cluster = cluster;
    }

    /** The result of a change: applied and read back, or the commands an administrator must run, or the error. */
    public record Outcome(boolean applied, String effective, String message, List<String> commands) {
    }

    /** Returns the value in effect on the coordinator as the server shows it, for example {@code 250ms} or {@code -1}. */
    public String effective() throws SQLException {
        try (Connection connection = cluster.connection()) {
            return show(connection);
        } catch (SQLException e) {
            cluster.forgetInfo();
            throw e;
        }
    }

    /** Sets the value on the cluster where the server allows it and reads it back, waiting up to 3 s for the reload. */
    public Outcome apply(int milliseconds) {
        List<String> manual = List.of(
                "gpconfig -c " + PARAMETER + " -v " + milliseconds,
                "gpstop -u");
        try (Connection connection = cluster.connection()) {
            ClusterInfo info = cluster.info(connection);
            if (info.flavor().hasSegments() && info.majorVersion() < 7) {
                return new Outcome(false, show(connection), info.displayName() + " does not support ALTER SYSTEM. "
                        + "Run these commands as gpadmin on the coordinator host to apply " + milliseconds + " ms:", manual);
            }
            try (Statement statement = connection.createStatement()) {
                // ALTER SYSTEM takes no bind parameters; the value is an int, so it is safe to format.
                statement.execute("ALTER SYSTEM SET " + PARAMETER + " = " + milliseconds);
                statement.execute("SELECT pg_reload_conf()");
            }
            String effective = readBack(connection, milliseconds);
            boolean matches = toMilliseconds(effective) == milliseconds;
            log.info("Set {} to {} ms on the cluster; the server now shows {}", PARAMETER, milliseconds, effective);
            return new Outcome(matches, effective, matches
                    ? "Applied to the cluster: " + PARAMETER + " is now " + effective + "."
                    : "The cluster accepted the change but still shows " + effective
                            + "; a setting in postgresql.conf with higher priority, or a per-database or per-role setting, may override it.",
                    List.of());
        } catch (SQLException e) {
            log.warn("Could not set {} to {} ms on the cluster: {}", PARAMETER, milliseconds, e.getMessage());
            return new Outcome(false, null, "Not applied to the cluster: " + e.getMessage()
                    + ". A superuser can apply it with ALTER SYSTEM SET " + PARAMETER + " = " + milliseconds
                    + "; SELECT pg_reload_conf(); (or, on the 6 lineage, with the commands below).", manual);
        }
    }

    /** Polls SHOW briefly, because the backend applies a reload between statements once the postmaster signals it. */
    private static String readBack(Connection connection, int milliseconds) throws SQLException {
        long deadline = System.nanoTime() + READ_BACK_WAIT.toNanos();
        String value = show(connection);
        while (toMilliseconds(value) != milliseconds && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            value = show(connection);
        }
        return value;
    }

    private static String show(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SHOW " + PARAMETER)) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** Converts the server's display form ({@code -1}, {@code 250ms}, {@code 2s}, {@code 5min}) to milliseconds; returns MIN_VALUE for other text. */
    public static long toMilliseconds(String shown) {
        if (shown == null) {
            return Long.MIN_VALUE;
        }
        Matcher matcher = WITH_UNIT.matcher(shown.strip().toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Long.MIN_VALUE;
        }
        long number = Long.parseLong(matcher.group(1));
        String unit = matcher.group(2) == null ? "ms" : matcher.group(2);
        return switch (unit) {
            case "s" -> number * 1_000;
            case "min" -> number * 60_000;
            case "h" -> number * 3_600_000;
            case "d" -> number * 86_400_000;
            default -> number;
        };
    }
}

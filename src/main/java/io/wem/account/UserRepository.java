package io.wem.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.wem.access.Role;
import io.wem.access.RoleMembers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for the {@code wem_user} table. */
@Repository
public class UserRepository implements RoleMembers {

    private static final String COLUMNS = """
            id, username, full_name, role, password_hash, active, must_change_password, failed_attempts,
            locked_at, locked_until, database_role, last_login_at, created_at
            """;

    /** The SQL condition for a locked account at {@code :now}; the sign-in check and the cards use the same one. */
    static final String LOCKED = "(locked_at IS NOT NULL AND (locked_until IS NULL OR locked_until > :now))";

    private final JdbcClient jdbc;

    UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long count() {
        return jdbc.sql("SELECT count(*) FROM wem_user").query(Long.class).single();
    }

    /** Finds a user by name, ignoring case: stored names are lower case. */
    public Optional<WemUser> findByUsername(String username) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wem_user WHERE username = :username")
                .param("username", username.toLowerCase(Locale.ROOT))
                .query(UserRepository::map)
                .optional();
    }

    public List<WemUser> findAll() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wem_user ORDER BY username")
                .query(UserRepository::map)
                .list();
    }

    public Optional<WemUser> findById(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM wem_user WHERE id = :id")
                .param("id", id)
                .query(UserRepository::map)
                .optional();
    }

    /** Inserts a user and returns its id. */
    public long insert(NewUser user, Instant now) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO wem_user (username, full_name, role, password_hash, active, must_change_password,
                                      database_role, created_at, updated_at)
                VALUES (:username, :fullName, :role, :passwordHash, :active, :mustChangePassword,
                        :databaseRole, :now, :now)
                """)
                .param("username", user.username())
                .param("fullName", user.fullName())
                .param("role", user.role().name())
                .param("passwordHash", user.passwordHash())
                .param("active", user.active())
                .param("mustChangePassword", user.mustChangePassword())
                .param("databaseRole", user.databaseRole())
                .param("now", Timestamp.from(now))
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    /** Records a successful sign-in: it clears the failure count and any expired lock. */
    public void recordSignIn(long id, Instant now) {
        jdbc.sql("""
                UPDATE wem_user
                SET last_login_at = :now, failed_attempts = 0, first_failure_at = NULL, locked_at = NULL, locked_until = NULL
                WHERE id = :id
                """)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /**
     * Counts one failed sign-in in a single statement, so parallel failures cannot lose a count. A run of failures
     * starts again when its first failure is older than the window or when the previous lock has expired.
     */
    public void recordFailure(long id, Instant now, Instant windowStart) {
        jdbc.sql("""
                UPDATE wem_user
                SET failed_attempts = CASE
                        WHEN first_failure_at IS NULL OR first_failure_at < :windowStart
                             OR (locked_until IS NOT NULL AND locked_until <= :now) THEN 1
                        ELSE failed_attempts + 1 END,
                    first_failure_at = CASE
                        WHEN first_failure_at IS NULL OR first_failure_at < :windowStart
                             OR (locked_until IS NOT NULL AND locked_until <= :now) THEN :now
                        ELSE first_failure_at END,
                    locked_at = CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN NULL ELSE locked_at END,
                    locked_until = CASE WHEN locked_until IS NOT NULL AND locked_until <= :now THEN NULL ELSE locked_until END
                WHERE id = :id
                """)
                .param("now", Timestamp.from(now))
                .param("windowStart", Timestamp.from(windowStart))
                .param("id", id)
                .update();
    }

    /**
     * Locks the account when its failure count has reached {@code threshold} and it is not locked already; returns
     * true for the one caller whose statement set the lock. {@code until} null locks it until an Admin unlocks it.
     */
    public boolean lockIfThresholdReached(long id, int threshold, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE wem_user SET locked_at = :now, locked_until = :until
                WHERE id = :id AND failed_attempts >= :threshold AND locked_at IS NULL
                """)
                .param("now", Timestamp.from(now))
                .param("until", until == null ? null : Timestamp.from(until))
                .param("id", id)
                .param("threshold", threshold)
                .update() == 1;
    }

    /** Counts the accounts locked at {@code now}: locked until a later time, or until an Admin unlocks them. */
    public long countLocked(Instant now) {
        return jdbc.sql("SELECT count(*) FROM wem_user WHERE locked_at IS NOT NULL AND (locked_until IS NULL OR locked_until > :now)")
                .param("now", Timestamp.from(now))
                .query(Long.class)
                .single();
    }

    /** Clears a lock and the failure count; returns false when the user does not exist. */
    public boolean unlock(long id, Instant now) {
        return jdbc.sql("""
                UPDATE wem_user SET locked_at = NULL, locked_until = NULL, failed_attempts = 0, first_failure_at = NULL,
                                    updated_at = :now
                WHERE id = :id
                """)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update() == 1;
    }

    /** Sets a new password hash; {@code mustChange} forces a change at the next sign-in. A new password also clears a lock. */
    public void updatePassword(long id, String passwordHash, boolean mustChange, Instant now) {
        jdbc.sql("""
                UPDATE wem_user SET password_hash = :hash, must_change_password = :mustChange, locked_at = NULL,
                                    locked_until = NULL, failed_attempts = 0, first_failure_at = NULL, updated_at = :now
                WHERE id = :id
                """)
                .param("hash", passwordHash)
                .param("mustChange", mustChange)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    /** Writes the fields that an Admin edits. */
    public void updateProfile(long id, String fullName, Role role, boolean active, String databaseRole,
                              boolean mustChangePassword, Instant now) {
        jdbc.sql("""
                UPDATE wem_user SET full_name = :fullName, role = :role, active = :active, database_role = :databaseRole,
                                    must_change_password = :mustChange, updated_at = :now
                WHERE id = :id
                """)
                .param("fullName", fullName)
                .param("role", role.name())
                .param("active", active)
                .param("databaseRole", databaseRole)
                .param("mustChange", mustChangePassword)
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM wem_user WHERE id = :id").param("id", id).update();
    }

    /**
     * Returns the ids of the active Admins and locks their rows until the transaction ends, so that two Admins
     * demoting each other at once cannot both pass the last-Admin check.
     */
    public List<Long> lockActiveAdmins() {
        return jdbc.sql("SELECT id FROM wem_user WHERE role = 'ADMIN' AND active ORDER BY id FOR UPDATE")
                .query(Long.class)
                .list();
    }

    /** Returns the users matching every filter that is not null, ordered by username. */
    public List<WemUser> search(String text, Role role, String status, Instant now) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM wem_user WHERE 1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (text != null && !text.isBlank()) {
            sql.append(" AND (LOWER(username) LIKE :text OR LOWER(full_name) LIKE :text)");
            params.put("text", "%" + text.strip().toLowerCase(Locale.ROOT).replace("%", "").replace("_", "") + "%");
        }
        if (role != null) {
            sql.append(" AND role = :role");
            params.put("role", role.name());
        }
        if ("active".equals(status)) {
            sql.append(" AND active");
        } else if ("inactive".equals(status)) {
            sql.append(" AND NOT active");
        } else if ("locked".equals(status)) {
            sql.append(" AND " + LOCKED);
            params.put("now", Timestamp.from(now));
        }
        sql.append(" ORDER BY username");
        return jdbc.sql(sql.toString()).params(params).query(UserRepository::map).list();
    }

    /** Counts for the Users tab's header cards, in one statement so that the four numbers agree. */
    public Summary summary(Instant now) {
        return jdbc.sql("""
                SELECT count(*) AS total,
                       COALESCE(sum(CASE WHEN active THEN 1 ELSE 0 END), 0) AS active_users,
                       COALESCE(sum(CASE WHEN %s THEN 1 ELSE 0 END), 0) AS locked_users,
                       COALESCE(sum(CASE WHEN role = 'ADMIN' THEN 1 ELSE 0 END), 0) AS admins
                FROM wem_user
                """.formatted(LOCKED))
                .param("now", Timestamp.from(now))
                .query((rows, n) -> new Summary(rows.getLong("total"), rows.getLong("active_users"),
                        rows.getLong("locked_users"), rows.getLong("admins")))
                .single();
    }

    /** Returns the number of users per role, with zero for a role that has none. */
    @Override
    public Map<Role, Long> countByRole() {
        Map<Role, Long> counts = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            counts.put(role, 0L);
        }
        jdbc.sql("SELECT role, count(*) AS users FROM wem_user GROUP BY role")
                .query(rows -> {
                    counts.put(Role.valueOf(rows.getString("role")), rows.getLong("users"));
                });
        return counts;
    }

    /** The Users tab's header counts. */
    public record Summary(long total, long active, long locked, long admins) {
    }

    /** The values of a user to insert; the password is already hashed. */
    public record NewUser(String username, String fullName, Role role, String passwordHash, boolean active,
                          boolean mustChangePassword, String databaseRole) {
    }

    private static WemUser map(ResultSet rows, int rowNumber) throws SQLException {
        return new WemUser(
                rows.getLong("id"),
                rows.getString("username"),
                rows.getString("full_name"),
                Role.valueOf(rows.getString("role")),
                rows.getString("password_hash"),
                rows.getBoolean("active"),
                rows.getBoolean("must_change_password"),
                rows.getInt("failed_attempts"),
                instant(rows.getTimestamp("locked_at")),
                instant(rows.getTimestamp("locked_until")),
                rows.getString("database_role"),
                instant(rows.getTimestamp("last_login_at")),
                instant(rows.getTimestamp("created_at")));
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}

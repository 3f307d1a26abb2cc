package io.wem.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.wem.access.Role;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** SQL for the {@code wem_user} table. */
@Repository
public class UserRepository {

    private static final String COLUMNS = """
            id, username, full_name, role, password_hash, active, must_change_password, failed_attempts,
            locked_at, locked_until, database_role, last_login_at, created_at
            """;

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

    public void recordSignIn(long id, Instant now) {
        jdbc.sql("UPDATE wem_user SET last_login_at = :now, failed_attempts = 0, first_failure_at = NULL WHERE id = :id")
                .param("now", Timestamp.from(now))
                .param("id", id)
                .update();
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

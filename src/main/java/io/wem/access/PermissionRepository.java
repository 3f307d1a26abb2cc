package io.wem.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for {@code role_permission}. A grant's key is {@code panel:KEY} or {@code action:KEY}; a key without a row
 * has its factory default, so a panel registered later starts with its defaults and saved grants stay untouched.
 */
@Repository
class PermissionRepository {

    private final JdbcClient jdbc;

    PermissionRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns the saved grants as role, then permission key, then granted. */
    Map<Role, Map<String, Boolean>> load() {
        Map<Role, Map<String, Boolean>> grants = new HashMap<>();
        jdbc.sql("SELECT role, permission, granted FROM role_permission").query(rows -> {
            grants.computeIfAbsent(Role.valueOf(rows.getString("role")), role -> new HashMap<>())
                    .put(rows.getString("permission"), rows.getBoolean("granted"));
        });
        return grants;
    }

    /** Replaces every saved grant with {@code grants}. The caller runs this in a transaction. */
    void replaceAll(List<Grant> grants, Instant now) {
        jdbc.sql("DELETE FROM role_permission").update();
        for (Grant grant : grants) {
            jdbc.sql("INSERT INTO role_permission (role, permission, granted, updated_at) VALUES (:role, :permission, :granted, :now)")
                    .param("role", grant.role().name())
                    .param("permission", grant.permission())
                    .param("granted", grant.granted())
                    .param("now", Timestamp.from(now))
                    .update();
        }
    }

    void deleteAll() {
        jdbc.sql("DELETE FROM role_permission").update();
    }

    record Grant(Role role, String permission, boolean granted) {
    }
}

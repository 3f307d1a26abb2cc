package io.wem.account;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.cluster.DatabaseRoleService;
import io.wem.web.WemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The cluster's login roles that a WEM user can be mapped to, read live; Admin-only. */
@RestController
@RequiresPanel(Panel.MANAGEMENT)
class DatabaseRoleApiController {

    private final DatabaseRoleService databaseRoles;

    DatabaseRoleApiController(DatabaseRoleService databaseRoles) {
        this.databaseRoles = databaseRoles;
    }

    @GetMapping(path = "/api/v1/database-roles", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, List<String>> list() {
        try {
            return Map.of("databaseRoles", databaseRoles.loginRoles());
        } catch (SQLException e) {
            throw new WemException(HttpStatus.SERVICE_UNAVAILABLE, "Cluster unreachable: " + e.getMessage(), null);
        }
    }
}

package io.wem.settings;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.cluster.StatementLogging;
import io.wem.web.WemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The Settings API, part of Management and so Admin-only. No response carries a secret's value. */
@RestController
@RequiresPanel(Panel.MANAGEMENT)
@RequestMapping(path = "/api/v1/settings", produces = MediaType.APPLICATION_JSON_VALUE)
class SettingsApiController {

    private final SettingsService service;
    private final SettingsStore store;
    private final StatementLogging statementLogging;

    SettingsApiController(SettingsService service, SettingsStore store, StatementLogging statementLogging) {
        this.service = service;
        this.store = store;
        this.statementLogging = statementLogging;
    }

    @GetMapping
    Map<String, Object> get() {
        return SettingsView.api(store, clusterValue());
    }

    /** Saves the fields sent and leaves the others unchanged; with any invalid field, nothing is saved. */
    @PatchMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> update(@RequestBody Map<String, Object> body) {
        SettingsService.SaveResult result = service.update(AuthorizationInterceptor.currentUser(), body);
        Map<String, Object> response = new LinkedHashMap<>(SettingsView.api(store, clusterValue()));
        response.put("changed", result.changed().stream().map(SettingKey::jsonName).toList());
        response.put("statementLogging", result.statementLogging());
        return response;
    }

    /** Tests an integration with the saved values, or with candidate values sent in the body, without saving them. */
    @PostMapping("/test/{target}")
    ConnectionTester.Result test(@PathVariable String target, @RequestBody(required = false) Map<String, Object> body) {
        ConnectionTester.Target chosen = ConnectionTester.Target.fromPath(target);
        if (chosen == null) {
            throw WemException.notFound("No test named '" + target + "'; the tests are cluster, prometheus, loki and alertmanager");
        }
        return service.test(chosen, body == null ? Map.of() : body);
    }

    private String clusterValue() {
        try {
            return statementLogging.effective();
        } catch (SQLException e) {
            return null;
        }
    }
}

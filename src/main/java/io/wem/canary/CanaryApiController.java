package io.wem.canary;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresAction;
import io.wem.access.RequiresPanel;
import io.wem.web.WemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The canary API. Reading follows the Canary Checks panel's grant, Run now needs the canary.run action, and changing
 * checks or the scheduler is Management, so Admin-only.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
class CanaryApiController {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private final CanaryService service;

    CanaryApiController(CanaryService service) {
        this.service = service;
    }

    @RequiresPanel(CanaryPanels.PANEL)
    @GetMapping("/canary-checks")
    Map<String, List<CheckView>> list() {
        return Map.of("checks", service.list());
    }

    @RequiresPanel(CanaryPanels.PANEL)
    @GetMapping("/canary-checks/{id}")
    CheckView get(@PathVariable long id) {
        return service.get(id);
    }

    @RequiresPanel(Panel.MANAGEMENT)
    @PostMapping(path = "/canary-checks", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<CheckView> create(@RequestBody Map<String, Object> body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(service.create(AuthorizationInterceptor.currentUser(), body));
    }

    @RequiresPanel(Panel.MANAGEMENT)
    @PatchMapping(path = "/canary-checks/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    CheckView update(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return service.update(AuthorizationInterceptor.currentUser(), id, body);
    }

    @RequiresPanel(Panel.MANAGEMENT)
    @DeleteMapping("/canary-checks/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        service.delete(AuthorizationInterceptor.currentUser(), id);
        return ResponseEntity.noContent().build();
    }

    /** Tests a definition without saving it: the body is a check as for create, or changes to the check {@code id}. */
    @RequiresPanel(Panel.MANAGEMENT)
    @PostMapping(path = "/canary-checks/test", consumes = MediaType.APPLICATION_JSON_VALUE)
    CheckOutcome test(@RequestBody Map<String, Object> body, @RequestParam(required = false) Long id) {
        return service.test(body, id);
    }

    @RequiresAction(CanaryPanels.RUN_ACTION)
    @PostMapping("/canary-checks/{id}/run")
    CanaryResult run(@PathVariable long id) {
        return service.runNow(AuthorizationInterceptor.currentUser(), id);
    }

    @RequiresPanel(CanaryPanels.PANEL)
    @GetMapping("/canary-checks/{id}/results")
    Map<String, Object> results(@PathVariable long id, @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to, @RequestParam(required = false) String status,
                                @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw WemException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + size);
        }
        List<CanaryResult> results = service.results(id, status(status), instant("from", from), instant("to", to),
                cursor(cursor), size + 1);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("results", results.size() > size ? results.subList(0, size) : results);
        body.put("nextCursor", results.size() > size ? Long.toString(results.get(size - 1).id()) : null);
        return body;
    }

    @RequiresPanel(CanaryPanels.PANEL)
    @GetMapping("/canary/status")
    Map<String, Object> status() {
        List<CheckView> checks = service.list();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("schedulerRunning", service.schedulerRunning());
        body.put("leader", service.isLeader());
        body.put("counts", CanarySummary.of(checks));
        body.put("checks", checks);
        return body;
    }

    @RequiresPanel(Panel.MANAGEMENT)
    @PostMapping("/canary/scheduler/{command}")
    Map<String, Object> scheduler(@PathVariable String command) {
        switch (command) {
            case "start" -> service.setScheduler(AuthorizationInterceptor.currentUser(), true);
            case "stop" -> service.setScheduler(AuthorizationInterceptor.currentUser(), false);
            default -> throw WemException.notFound("No scheduler command '" + command + "'; use start or stop");
        }
        return Map.of("schedulerRunning", service.schedulerRunning());
    }

    static CanaryStatus status(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return CanaryStatus.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw WemException.invalid("status", "status must be one of OK, WARNING, CRITICAL, ERROR, STALE, got '" + value + "'");
        }
    }

    static Instant instant(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw WemException.invalid(field, field + " must be an ISO-8601 time in UTC such as 2026-12-04T10:00:00Z, got '" + value + "'");
        }
    }

    private static Long cursor(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw WemException.invalid("cursor", "cursor must be the nextCursor of a previous page, got '" + value + "'");
        }
    }
}

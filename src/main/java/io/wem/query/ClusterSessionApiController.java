package io.wem.query;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.RequiresAction;
import io.wem.access.RequiresPanel;
import io.wem.web.WemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The sessions API: reading follows the Query Monitor panel's grant; cancel and terminate need their actions. */
@RestController
@RequestMapping(path = "/api/v1/sessions", produces = MediaType.APPLICATION_JSON_VALUE)
class ClusterSessionApiController {

    private final SessionService sessions;

    ClusterSessionApiController(SessionService sessions) {
        this.sessions = sessions;
    }

    /** The body of cancel and terminate: the session's backend start from the list, and an optional reason. */
    record SignalRequest(String backendStart, String reason) {
    }

    @RequiresPanel(QueryPanels.PANEL)
    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String database, @RequestParam(required = false) String user,
                             @RequestParam(required = false) String state, @RequestParam(required = false) String resourceGroup,
                             @RequestParam(required = false) String application,
                             @RequestParam(required = false) Long minDurationSeconds, @RequestParam(required = false) String q,
                             @RequestParam(defaultValue = "false") boolean includeOwn,
                             @RequestParam(defaultValue = "duration") String sort,
                             @RequestParam(defaultValue = "desc") String direction) {
        if (!"asc".equalsIgnoreCase(direction) && !"desc".equalsIgnoreCase(direction)) {
            throw WemException.invalid("direction", "direction must be asc or desc, got '" + direction + "'");
        }
        SessionService.Listing listing = sessions.list(new SessionService.Filter(database, user, state, resourceGroup,
                application, minDurationSeconds, q, includeOwn, sort, !"asc".equalsIgnoreCase(direction)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sessions", listing.sessions());
        body.put("summary", listing.summary());
        body.put("longRunningMinutes", listing.longRunningMinutes());
        return body;
    }

    @RequiresPanel(QueryPanels.PANEL)
    @GetMapping("/{pid}")
    SessionService.Details get(@PathVariable int pid) {
        return sessions.details(pid);
    }

    @RequiresAction(QueryPanels.CANCEL)
    @PostMapping(path = "/{pid}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    SessionService.SignalResult cancel(@PathVariable int pid, @RequestBody SignalRequest body) {
        return sessions.cancel(AuthorizationInterceptor.currentUser(), pid, body.backendStart(), body.reason());
    }

    @RequiresAction(QueryPanels.TERMINATE)
    @PostMapping(path = "/{pid}/terminate", consumes = MediaType.APPLICATION_JSON_VALUE)
    SessionService.SignalResult terminate(@PathVariable int pid, @RequestBody SignalRequest body) {
        return sessions.terminate(AuthorizationInterceptor.currentUser(), pid, body.backendStart(), body.reason());
    }
}

package io.wem.query;

import io.wem.access.RequiresPanel;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The slow-queries API, readable by the roles that see the Slow Queries panel. */
@RestController
@RequestMapping(path = "/api/v1/slow-queries", produces = MediaType.APPLICATION_JSON_VALUE)
@RequiresPanel(QueryPanels.SLOW_PANEL)
class SlowQueryApiController {

    private final SlowQueryService slowQueries;
    private final SlowQueryCollector collector;

    SlowQueryApiController(SlowQueryService slowQueries, SlowQueryCollector collector) {
        this.slowQueries = slowQueries;
        this.collector = collector;
    }

    /** The latest read of the cluster's log: when, from which source, and the missing setting or error if any. */
    @GetMapping("/status")
    SlowQueryCollector.Status status() {
        return collector.status();
    }

    /**
     * Stored slow statements in {@code [from, to)} (ISO-8601, default the last 24 hours), newest first or, with
     * {@code sort=duration}, longest first; {@code limit} 1 to 1000 (default 100), and {@code cursor} from the
     * previous page's {@code nextCursor}. WEM's own statements (application "WEM") are left out unless
     * {@code includeOwn=true}.
     */
    @GetMapping
    SlowQueryService.Page list(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
                               @RequestParam(required = false) String user, @RequestParam(required = false) String database,
                               @RequestParam(required = false) String minDurationMs, @RequestParam(required = false) String q,
                               @RequestParam(defaultValue = "false") boolean includeOwn,
                               @RequestParam(required = false) String sort, @RequestParam(required = false) String limit,
                               @RequestParam(required = false) String cursor) {
        return slowQueries.search(slowQueries.filter(from, to, user, database, minDurationMs, q, includeOwn, sort, limit, cursor));
    }

    @GetMapping("/{id}")
    SlowQuery get(@PathVariable long id) {
        return slowQueries.get(id);
    }
}

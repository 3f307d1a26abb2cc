package io.wem.observe;

import java.time.Duration;
import java.time.Instant;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.RequiresPanel;
import io.wem.web.TimeRange;
import io.wem.web.WemException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Range queries on Prometheus through WEM, for the roles that see the Metrics panel. */
@RestController
@RequiresPanel(ObservePanels.METRICS)
class MetricsApiController {

    private final MetricsService metrics;

    MetricsApiController(MetricsService metrics) {
        this.metrics = metrics;
    }

    /**
     * Runs {@code query} from {@code start} to {@code end} (ISO-8601 or epoch time; default the last hour) every
     * {@code step} seconds (default from the range, as the panel's charts choose it). A non-Admin may only send the
     * PromQL of the panel's charts (403 otherwise).
     */
    @GetMapping(path = "/api/v1/metrics/query_range", produces = MediaType.APPLICATION_JSON_VALUE)
    MetricsService.RangeResult queryRange(@RequestParam(required = false) String query, @RequestParam(required = false) String start,
                                          @RequestParam(required = false) String end, @RequestParam(required = false) String step) {
        Instant to = TimeRange.parseApiTime("end", end, Instant.now());
        Instant from = TimeRange.parseApiTime("start", start, to.minus(Duration.ofHours(1)));
        Duration resolution;
        if (step == null || step.isBlank()) {
            resolution = StepRule.step(from, to);
        } else {
            try {
                resolution = Duration.ofSeconds(Long.parseLong(step.strip()));
            } catch (NumberFormatException e) {
                throw WemException.invalid("step", "step must be a whole number of seconds, got '" + step + "'");
            }
        }
        return metrics.queryRange(AuthorizationInterceptor.currentUser(), query, from, to, resolution);
    }
}

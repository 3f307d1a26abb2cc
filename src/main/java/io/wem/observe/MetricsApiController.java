package io.wem.observe;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.RequiresPanel;
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
     * Runs {@code query} from {@code start} to {@code end} (ISO-8601 or epoch seconds) every {@code step} seconds. A
     * non-Admin may only send the PromQL of the panel's charts (403 otherwise).
     */
    @GetMapping(path = "/api/v1/metrics/query_range", produces = MediaType.APPLICATION_JSON_VALUE)
    MetricsService.RangeResult queryRange(@RequestParam(required = false) String query, @RequestParam String start,
                                          @RequestParam String end, @RequestParam(required = false) String step) {
        Instant from = time("start", start);
        Instant to = time("end", end);
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

    private static Instant time(String field, String value) {
        String text = value.strip();
        try {
            return text.matches("\\d+(\\.\\d+)?") ? Instant.ofEpochSecond((long) Double.parseDouble(text)) : Instant.parse(text);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw WemException.invalid(field, field + " must be an ISO-8601 time such as 2026-12-05T08:00:00Z or epoch seconds, got '"
                    + value + "'");
        }
    }
}

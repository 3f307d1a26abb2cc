package io.wem.observe;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.wem.access.PublicRoute;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** WEM's metrics in the Prometheus text format at {@code /prom/metrics}, without sign-in, for Prometheus to scrape. */
@RestController
@PublicRoute
class PrometheusController {

    private static final MediaType TEXT_FORMAT = MediaType.parseMediaType("text/plain; version=0.0.4; charset=utf-8");

    private final PrometheusMeterRegistry registry;

    PrometheusController(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/prom/metrics")
    ResponseEntity<String> metrics() {
        return ResponseEntity.ok().contentType(TEXT_FORMAT).body(registry.scrape());
    }
}

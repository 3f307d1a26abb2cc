package io.wem.observe;

import java.util.Set;

import io.wem.access.Panel;
import io.wem.access.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Metrics and Logs panels, granted to every role by default. */
@Configuration(proxyBeanMethods = false)
class ObservePanels {

    static final String METRICS = "metrics";
    static final String LOGS = "logs";

    @Bean
    Panel metricsPanel() {
        return new Panel(METRICS, "Metrics", "/metrics", 400, Set.of(Role.values()), false);
    }

    @Bean
    Panel logsPanel() {
        return new Panel(LOGS, "Logs", "/logs", 500, Set.of(Role.values()), false);
    }
}

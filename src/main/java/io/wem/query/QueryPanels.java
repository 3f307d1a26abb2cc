package io.wem.query;

import java.util.Set;

import io.wem.access.Action;
import io.wem.access.Panel;
import io.wem.access.Role;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Registers the Query Monitor panel with its Cancel and Terminate actions, granted to Admins and Operators by default,
 * and the Slow Queries panel.
 */
@Configuration(proxyBeanMethods = false)
class QueryPanels {

    static final String PANEL = "queries";
    static final String SLOW_PANEL = "slow-queries";
    static final String CANCEL = "query.cancel";
    static final String TERMINATE = "session.terminate";

    @Bean
    Panel queryMonitorPanel() {
        return new Panel(PANEL, "Query Monitor", "/queries", 100, Set.of(Role.values()), false);
    }

    @Bean
    Panel slowQueriesPanel() {
        return new Panel(SLOW_PANEL, "Slow Queries", "/slow-queries", 200, Set.of(Role.values()), false);
    }

    @Bean
    Action cancelQueryAction() {
        return new Action(CANCEL, "Cancel query", PANEL, Set.of(Role.ADMIN, Role.OPERATOR));
    }

    @Bean
    Action terminateSessionAction() {
        return new Action(TERMINATE, "Terminate session", PANEL, Set.of(Role.ADMIN, Role.OPERATOR));
    }
}

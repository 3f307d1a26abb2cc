package io.wem.testsupport;

import java.util.Set;

import io.wem.access.Action;
import io.wem.access.Panel;
import io.wem.access.RequiresAction;
import io.wem.access.RequiresPanel;
import io.wem.access.Role;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A panel and an action that exist only in tests, registered the way a feature registers its own, so the
 * permission matrix can be tested with a panel that is not fixed before the product's own panels exist.
 */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestPanelConfiguration.TestPanelController.class)
public class TestPanelConfiguration {

    public static final String PANEL = "test-panel";
    public static final String ACTION = "test.poke";
    public static final String PAGE = "/test-panel";
    public static final String ACTION_ROUTE = "/api/v1/test-panel/poke";

    @Bean
    Panel testPanel() {
        return new Panel(PANEL, "Test Panel", PAGE, 500, Set.of(Role.values()), false);
    }

    @Bean
    Action testAction() {
        return new Action(ACTION, "Poke", PANEL, Set.of(Role.ADMIN, Role.OPERATOR));
    }

    @RestController
    public static class TestPanelController {

        @RequiresPanel(PANEL)
        @GetMapping(PAGE)
        String page() {
            return "test panel";
        }

        @RequiresAction(ACTION)
        @PostMapping(ACTION_ROUTE)
        ResponseEntity<Void> poke() {
            return ResponseEntity.noContent().build();
        }
    }
}

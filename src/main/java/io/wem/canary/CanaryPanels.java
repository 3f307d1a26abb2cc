package io.wem.canary;

import java.util.Set;

import io.wem.access.Action;
import io.wem.access.Panel;
import io.wem.access.Role;
import io.wem.settings.SettingsStore;
import io.wem.config.WemConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Canary Checks panel and its Run now action, and builds the alert delivery from the settings. */
@Configuration(proxyBeanMethods = false)
class CanaryPanels {

    static final String PANEL = "canary";
    static final String RUN_ACTION = "canary.run";

    @Bean
    Panel canaryPanel() {
        return new Panel(PANEL, "Canary Checks", "/canary", 300, Set.of(Role.values()), false);
    }

    @Bean
    Action canaryRunAction() {
        return new Action(RUN_ACTION, "Run a canary check now", PANEL, Set.of(Role.ADMIN, Role.OPERATOR));
    }

    /** Reads the Alertmanager URL from Settings at each delivery, so a change applies without a restart. */
    @Bean(destroyMethod = "close")
    AlertDelivery alertDelivery(SettingsStore settings, WemConfig config, java.time.Clock clock) {
        return new AlertDelivery(() -> settings.current().alertmanagerUrl(), config::canaryWebhookUrl, clock);
    }
}

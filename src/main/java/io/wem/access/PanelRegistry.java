package io.wem.access;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The panels that features registered, in sidebar order. */
@Component
public class PanelRegistry {

    private final List<Panel> panels;
    private final Map<String, Panel> byKey;

    PanelRegistry(List<Panel> panels) {
        this.panels = panels.stream().sorted(Comparator.comparingInt(Panel::order)).toList();
        this.byKey = panels.stream().collect(Collectors.toUnmodifiableMap(Panel::key, Function.identity()));
    }

    public List<Panel> all() {
        return panels;
    }

    public Panel get(String key) {
        Panel panel = byKey.get(key);
        if (panel == null) {
            throw new IllegalArgumentException("No panel is registered with the key '" + key + "'");
        }
        return panel;
    }

    /** The two panels that every installation has: Dashboard for every role and Management for Admins only. */
    @Configuration(proxyBeanMethods = false)
    static class FixedPanels {

        @Bean
        Panel dashboardPanel() {
            return new Panel(Panel.DASHBOARD, "Dashboard", "/", 0, Set.of(Role.values()), true);
        }

        @Bean
        Panel managementPanel() {
            return new Panel(Panel.MANAGEMENT, "Management", "/management", 1000, Set.of(Role.ADMIN), true);
        }
    }
}

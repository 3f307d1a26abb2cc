package io.wem.access;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.stereotype.Component;

/** The panels and actions that features registered, panels in sidebar order. */
@Component
public class PanelRegistry {

    private final List<Panel> panels;
    private final Map<String, Panel> byKey;
    private final List<Action> actions;
    private final Map<String, Action> actionsByKey;

    PanelRegistry(List<Panel> panels, ObjectProvider<Action> registeredActions) {
        List<Action> actions = registeredActions.orderedStream().toList();
        this.panels = panels.stream().sorted(Comparator.comparingInt(Panel::order)).toList();
        this.byKey = panels.stream().collect(Collectors.toUnmodifiableMap(Panel::key, Function.identity()));
        this.actions = actions.stream().sorted(Comparator.comparing(Action::key)).toList();
        this.actionsByKey = actions.stream().collect(Collectors.toUnmodifiableMap(Action::key, Function.identity()));
        for (Action action : actions) {
            if (!byKey.containsKey(action.panelKey())) {
                throw new IllegalStateException("Action " + action.key() + " names panel '" + action.panelKey()
                        + "', which is not registered");
            }
        }
    }

    public List<Action> actions() {
        return actions;
    }

    /** Returns the actions of one panel, by key. */
    public List<Action> actionsOf(String panelKey) {
        return actions.stream().filter(action -> action.panelKey().equals(panelKey)).toList();
    }

    public Action action(String key) {
        Action action = actionsByKey.get(key);
        if (action == null) {
            throw new IllegalArgumentException("No action is registered with the key '" + key + "'");
        }
        return action;
    }

    public boolean hasPanel(String key) {
        return byKey.containsKey(key);
    }

    public boolean hasAction(String key) {
        return actionsByKey.containsKey(key);
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

package io.wem.web;

import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.wem.access.AccessPolicy;
import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.PanelRegistry;
import io.wem.access.SignedInUser;
import io.wem.settings.SettingsStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.stereotype.Component;

/**
 * The data around every page: the sidebar for the signed-in role, the cluster's name and environment, the server
 * time and the signed-in user. Templates read it as {@code @layout}.
 */
@Component("layout")
public class LayoutModel {

    private static final DateTimeFormatter SERVER_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");

    private final PanelRegistry panels;
    private final AccessPolicy policy;
    private final SettingsStore settings;
    private final Clock clock;
    private final BuildProperties build;

    LayoutModel(PanelRegistry panels, AccessPolicy policy, SettingsStore settings, Clock clock,
                ObjectProvider<BuildProperties> build) {
        this.panels = panels;
        this.policy = policy;
        this.settings = settings;
        this.clock = clock;
        this.build = build.getIfAvailable();
    }

    /** Returns the panels that the signed-in user's role may see, in sidebar order; none for an anonymous request. */
    public List<Panel> navigation() {
        SignedInUser user = user();
        if (user == null) {
            return List.of();
        }
        return panels.all().stream().filter(panel -> policy.canSee(user.role(), panel.key())).toList();
    }

    /** Returns whether the signed-in user may take the action; templates disable its button when not. */
    public boolean canDo(String actionKey) {
        SignedInUser user = user();
        return user != null && policy.canDo(user.role(), actionKey);
    }

    /** Returns the tooltip of a disabled action button, naming the permission that the user's role lacks. */
    public String missingAction(String actionKey) {
        SignedInUser user = user();
        String role = user == null ? "Your role" : "The " + user.role().label() + " role";
        return role + " lacks the permission '" + actionKey + "'. An Admin can grant it in Management > Permissions.";
    }

    public SignedInUser user() {
        return AuthorizationInterceptor.currentUser();
    }

    public String clusterName() {
        return settings.current().clusterName();
    }

    /** Returns dev, uat or prod, or null when no environment is configured. */
    public String clusterEnvironment() {
        return settings.current().clusterEnvironment();
    }

    /** Returns the server's current time in its own time zone, with the zone named. */
    public String serverTime() {
        return ZonedDateTime.now(clock.withZone(ZoneId.systemDefault())).format(SERVER_TIME);
    }

    public String version() {
        return build == null ? "development" : build.getVersion();
    }

    /** Returns when the running jar was built, in the server's time zone, or "unknown" outside a Maven build. */
    public String buildTime() {
        if (build == null || build.getTime() == null) {
            return "unknown";
        }
        return ZonedDateTime.ofInstant(build.getTime(), ZoneId.systemDefault()).format(SERVER_TIME);
    }
}

package io.wem.dashboard;

import io.wem.access.AccessPolicy;
import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.access.SignedInUser;
import io.wem.cluster.ClusterOverview;
import io.wem.cluster.ClusterOverviewService;
import io.wem.settings.SettingsStore;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The Dashboard page, its cards fragment (refreshed by htmx) and its API twin. All three read the same service. */
@Controller
@RequiresPanel(Panel.DASHBOARD)
class DashboardController {

    static final String PAGE = "dashboard/index";
    static final String CARDS = "dashboard/overview :: cards";

    private final ClusterOverviewService overviews;
    private final SettingsStore settings;
    private final AccessPolicy policy;

    DashboardController(ClusterOverviewService overviews, SettingsStore settings, AccessPolicy policy) {
        this.overviews = overviews;
        this.settings = settings;
        this.policy = policy;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        model.addAttribute("overview", overviews.overview());
        // Only those who may open Settings see what waits there.
        SignedInUser user = AuthorizationInterceptor.currentUser();
        if (user != null && policy.canSee(user.role(), Panel.MANAGEMENT)) {
            model.addAttribute("pendingRestart", settings.pendingRestart());
            model.addAttribute("unreadableSecrets", settings.unreadableSecrets());
        }
        return PAGE;
    }

    @GetMapping("/dashboard/overview")
    String cards(Model model) {
        model.addAttribute("overview", overviews.overview());
        return CARDS;
    }

    @GetMapping(path = "/api/v1/cluster/overview", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ClusterOverview overview() {
        return overviews.overview();
    }
}

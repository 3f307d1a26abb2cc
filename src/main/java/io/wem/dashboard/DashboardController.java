package io.wem.dashboard;

import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.cluster.ClusterOverview;
import io.wem.cluster.ClusterOverviewService;
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

    DashboardController(ClusterOverviewService overviews) {
        this.overviews = overviews;
    }

    @GetMapping("/")
    String dashboard(Model model) {
        model.addAttribute("overview", overviews.overview());
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

package io.wem.canary;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.RequiresAction;
import io.wem.access.RequiresPanel;
import io.wem.web.WemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The Canary Checks panel: scheduler and status cards with the current status of every check (refreshed by htmx),
 * Run now, recent results with filters, and a latency trend per check drawn by uPlot from the results API.
 */
@Controller
@RequiresPanel(CanaryPanels.PANEL)
class CanaryPageController {

    static final String PAGE = "canary/index";
    static final String LIVE = "canary/index :: live";
    static final int RECENT_RESULTS = 50;
    static final Map<String, Duration> RANGES = Map.of("1h", Duration.ofHours(1), "6h", Duration.ofHours(6),
            "24h", Duration.ofHours(24), "7d", Duration.ofDays(7));

    private final CanaryService service;

    CanaryPageController(CanaryService service) {
        this.service = service;
    }

    @GetMapping("/canary")
    String page(@RequestParam(required = false) Long check, @RequestParam(required = false) String status,
                @RequestParam(required = false) Long trend, @RequestParam(defaultValue = "6h") String range, Model model) {
        List<CheckView> checks = addLive(model);
        CanaryStatus statusFilter = CanaryApiController.status(status);
        model.addAttribute("checkFilter", check);
        model.addAttribute("statusFilter", statusFilter == null ? "" : statusFilter.name());
        model.addAttribute("statuses", CanaryStatus.values());
        model.addAttribute("results", service.results(check, statusFilter, null, null, null, RECENT_RESULTS));
        model.addAttribute("names", names(checks));

        Duration window = RANGES.get(range);
        if (window == null) {
            throw WemException.invalid("range", "range must be one of 1h, 6h, 24h, 7d, got '" + range + "'");
        }
        CheckView trendCheck = checks.stream().filter(view -> trend == null ? view.enabled() : view.id() == trend)
                .findFirst().orElse(null);
        model.addAttribute("trend", trendCheck);
        model.addAttribute("range", range);
        model.addAttribute("trendFrom", Instant.now().minus(window).toString());
        return PAGE;
    }

    @GetMapping("/canary/live")
    String live(Model model) {
        addLive(model);
        return LIVE;
    }

    @RequiresAction(CanaryPanels.RUN_ACTION)
    @PostMapping("/canary/checks/{id}/run")
    String run(@PathVariable long id, Model model) {
        try {
            CanaryResult result = service.runNow(AuthorizationInterceptor.currentUser(), id);
            model.addAttribute("runMessage", "Ran '" + service.get(id).name() + "': " + result.status() + " in "
                    + result.durationMs() + " ms. " + result.message());
        } catch (WemException e) {
            model.addAttribute("runError", e.getMessage());
        }
        addLive(model);
        return LIVE;
    }

    private List<CheckView> addLive(Model model) {
        List<CheckView> checks = service.list();
        model.addAttribute("checks", checks);
        model.addAttribute("summary", CanarySummary.of(checks));
        model.addAttribute("schedulerRunning", service.schedulerRunning());
        model.addAttribute("leader", service.isLeader());
        return checks;
    }

    private static Map<Long, String> names(List<CheckView> checks) {
        Map<Long, String> names = new java.util.LinkedHashMap<>();
        checks.forEach(view -> names.put(view.id(), view.name()));
        return names;
    }
}

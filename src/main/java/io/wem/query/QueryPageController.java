package io.wem.query;

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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The Query Monitor: cards and the session table (refreshed by htmx every 5 s unless paused), a details page per
 * session with its blocking chain and locks, and Cancel and Terminate behind a confirmation step.
 */
@Controller
@RequiresPanel(QueryPanels.PANEL)
class QueryPageController {

    static final String PAGE = "queries/index";
    static final String LIVE = "queries/index :: live";
    static final String DETAILS = "queries/details";
    static final String CONFIRM = "queries/confirm";
    static final int SHORT_QUERY = 120;
    /**
     * The maximum number of rows drawn in the table. The cards still count every session, and the API returns them
     * all. Beyond a few hundred rows, a table that is redrawn every 5 s costs the browser and the server more than it
     * helps.
     */
    static final int MAX_ROWS = 500;

    private final SessionService sessions;

    QueryPageController(SessionService sessions) {
        this.sessions = sessions;
    }

    @GetMapping("/queries")
    String page(@RequestParam Map<String, String> parameters, Model model) {
        addListing(model, parameters);
        return PAGE;
    }

    @GetMapping("/queries/live")
    String live(@RequestParam Map<String, String> parameters, Model model) {
        addListing(model, parameters);
        return LIVE;
    }

    /** Reads the filter form; a missing sort means the longest-running first, and an unticked box means false. */
    static SessionService.Filter filter(Map<String, String> parameters) {
        String minDuration = parameters.get("minDurationSeconds");
        Long minDurationSeconds;
        try {
            minDurationSeconds = minDuration == null || minDuration.isBlank() ? null : Long.valueOf(minDuration.strip());
        } catch (NumberFormatException e) {
            throw WemException.invalid("minDurationSeconds", "Min duration must be a whole number of seconds, got '" + minDuration + "'");
        }
        String sort = parameters.get("sort");
        boolean noSort = sort == null || sort.isBlank();
        return new SessionService.Filter(parameters.get("database"), parameters.get("user"), parameters.get("state"),
                parameters.get("resourceGroup"), parameters.get("application"), minDurationSeconds, parameters.get("q"),
                "true".equals(parameters.get("includeOwn")), noSort ? "duration" : sort,
                noSort || "true".equals(parameters.get("descending")));
    }

    @GetMapping("/queries/{pid}")
    String details(@PathVariable int pid, Model model) {
        try {
            model.addAttribute("details", sessions.details(pid));
        } catch (SessionService.ClusterUnavailableException e) {
            model.addAttribute("unreachable", e.getMessage());
        }
        model.addAttribute("pid", pid);
        return DETAILS;
    }

    /** Shows the confirmation step, or sends the signal once the form comes back with confirmed=true. */
    @RequiresAction(QueryPanels.CANCEL)
    @PostMapping("/queries/{pid}/cancel")
    String cancel(@PathVariable int pid, @RequestParam(defaultValue = "") String backendStart,
                  @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean confirmed,
                  Model model, RedirectAttributes redirect) {
        return signal(pid, backendStart, reason, confirmed, "cancel", model, redirect);
    }

    @RequiresAction(QueryPanels.TERMINATE)
    @PostMapping("/queries/{pid}/terminate")
    String terminate(@PathVariable int pid, @RequestParam(defaultValue = "") String backendStart,
                     @RequestParam(defaultValue = "") String reason, @RequestParam(defaultValue = "false") boolean confirmed,
                     Model model, RedirectAttributes redirect) {
        return signal(pid, backendStart, reason, confirmed, "terminate", model, redirect);
    }

    private String signal(int pid, String backendStart, String reason, boolean confirmed, String action, Model model,
                          RedirectAttributes redirect) {
        if (!confirmed) {
            model.addAttribute("details", sessions.details(pid));
            model.addAttribute("action", action);
            model.addAttribute("backendStart", backendStart);
            return CONFIRM;
        }
        try {
            SessionService.SignalResult result = action.equals("cancel")
                    ? sessions.cancel(AuthorizationInterceptor.currentUser(), pid, backendStart, reason)
                    : sessions.terminate(AuthorizationInterceptor.currentUser(), pid, backendStart, reason);
            redirect.addFlashAttribute("success", result.message());
        } catch (WemException e) {
            redirect.addFlashAttribute("actionError", e.getMessage());
        }
        return "redirect:/queries";
    }

    /** Adds the cards and rows, or the filter's error next to the form, or the cluster's error. */
    private void addListing(Model model, Map<String, String> parameters) {
        model.addAttribute("shortQuery", SHORT_QUERY);
        SessionService.Filter filter;
        try {
            filter = filter(parameters);
        } catch (WemException e) {
            model.addAttribute("filter", SessionService.Filter.none());
            model.addAttribute("filterError", e.getMessage());
            return;
        }
        model.addAttribute("filter", filter);
        try {
            SessionService.Listing listing = sessions.list(filter);
            model.addAttribute("listing", listing);
            model.addAttribute("rows", listing.sessions().subList(0, Math.min(MAX_ROWS, listing.sessions().size())));
            model.addAttribute("hiddenRows", Math.max(0, listing.sessions().size() - MAX_ROWS));
        } catch (SessionService.ClusterUnavailableException e) {
            model.addAttribute("unreachable", e.getMessage());
        } catch (WemException e) {
            model.addAttribute("filterError", e.getMessage());
        }
    }
}

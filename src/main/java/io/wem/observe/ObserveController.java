package io.wem.observe;

import io.wem.access.RequiresPanel;
import io.wem.settings.ConnectionTester;
import io.wem.settings.SettingsStore;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The Metrics and Logs panels. Each needs its integration's URL from Settings: without one, the panel shows who can
 * set it instead of data. With one, it shows whether the server is ready, checked on every page load.
 */
@Controller
class ObserveController {

    static final String METRICS_PAGE = "observe/metrics";
    static final String LOGS_PAGE = "observe/logs";

    private final SettingsStore settings;
    private final ConnectionTester tester;
    private final PrometheusHosts hosts;

    ObserveController(SettingsStore settings, ConnectionTester tester, PrometheusHosts hosts) {
        this.settings = settings;
        this.tester = tester;
        this.hosts = hosts;
    }

    @RequiresPanel(ObservePanels.METRICS)
    @GetMapping("/metrics")
    String metrics(Model model) {
        String url = settings.current().prometheusUrl();
        model.addAttribute("url", url);
        if (url != null) {
            ConnectionTester.Result status = tester.http(ConnectionTester.Target.PROMETHEUS, url);
            model.addAttribute("status", status);
            if (status.ok()) {
                model.addAttribute("hosts", hosts.hosts(url));
            }
        }
        return METRICS_PAGE;
    }

    @RequiresPanel(ObservePanels.LOGS)
    @GetMapping("/logs")
    String logs(Model model) {
        String url = settings.current().lokiUrl();
        model.addAttribute("url", url);
        if (url != null) {
            model.addAttribute("status", tester.http(ConnectionTester.Target.LOKI, url));
        }
        return LOGS_PAGE;
    }
}

package io.wem.settings;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
import io.wem.cluster.StatementLogging;
import io.wem.web.WemException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Management > Settings. The form posts every editable field and calls the same {@link SettingsService} as the API.
 * A change of the cluster connection needs its confirmation box ticked, because a wrong value cuts WEM off from the
 * cluster at the next start. On a refusal the form comes back with each message next to its field.
 */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
@RequestMapping("/management/settings")
class SettingsPageController {

    static final String PAGE = "management/settings";
    static final String FIELD_ERROR = "management/settings :: fieldError";
    static final String TEST_RESULT = "management/settings :: testResult";
    /** The confirmation checkbox's name, also written in the template. */
    static final String CONFIRM_CLUSTER = "confirmClusterChange";

    private final SettingsService service;
    private final SettingsStore store;
    private final StatementLogging statementLogging;

    SettingsPageController(SettingsService service, SettingsStore store, StatementLogging statementLogging) {
        this.service = service;
        this.store = store;
        this.statementLogging = statementLogging;
    }

    @GetMapping
    String page(Model model) {
        return show(model, Map.of(), Map.of());
    }

    @PostMapping
    String save(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Map<String, String> request = editableFields(form);
        if (changesCluster(request) && !"true".equals(form.get(CONFIRM_CLUSTER))) {
            return show(model, request, Map.of(CONFIRM_CLUSTER, "You are changing the cluster connection. Check the values "
                    + "(use Test connection), tick this box to confirm, and save again. Enter the password again if you changed it."));
        }

        SettingsService.SaveResult result;
        try {
            result = service.update(AuthorizationInterceptor.currentUser(), request);
        } catch (WemException e) {
            return show(model, request, e.fields().isEmpty() ? Map.of("form", e.getMessage()) : e.fields());
        }

        redirect.addFlashAttribute("success", result.changed().isEmpty()
                ? "Nothing changed."
                : "Settings saved: " + String.join(", ", result.changed().stream().map(SettingKey::label).toList()) + ".");
        redirect.addFlashAttribute("statementLogging", result.statementLogging());
        return "redirect:/management/settings";
    }

    /** Validates one field as it changes (htmx) and returns its error line, empty when the value is fine. */
    @PostMapping("/check")
    String check(@RequestParam String field, @RequestParam Map<String, String> form, Model model) {
        model.addAttribute("name", field);
        model.addAttribute("message", service.check(field, form.get(field)));
        return FIELD_ERROR;
    }

    /** Runs a Test button with the values now in the form, which need not be saved. */
    @PostMapping("/test/{target}")
    String test(@PathVariable String target, @RequestParam Map<String, String> form, Model model) {
        ConnectionTester.Target chosen = ConnectionTester.Target.fromPath(target);
        if (chosen == null) {
            throw WemException.notFound("No test named '" + target + "'");
        }
        model.addAttribute("target", target);
        try {
            model.addAttribute("result", service.test(chosen, candidateFields(form)));
        } catch (WemException e) {
            model.addAttribute("invalid", e.getMessage());
        }
        return TEST_RESULT;
    }

    private String show(Model model, Map<String, String> submitted, Map<String, String> errors) {
        model.addAttribute("groups", SettingsView.groups(store, submitted));
        model.addAttribute("errors", errors);
        model.addAttribute("pending", store.pendingRestart());
        model.addAttribute("unreadable", store.unreadableSecrets().stream().map(SettingKey::label).toList());
        try {
            model.addAttribute("clusterLogMinDuration", statementLogging.effective());
        } catch (SQLException e) {
            model.addAttribute("clusterLogMinDurationError", "cluster unreachable: " + e.getMessage());
        }
        return PAGE;
    }

    /** Keeps the fields that the form may change; read-only fields are disabled in the form and so never sent. */
    private Map<String, String> editableFields(Map<String, String> form) {
        Map<String, String> request = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            if (form.containsKey(key.jsonName()) && !store.source(key).readOnly()) {
                request.put(key.jsonName(), form.get(key.jsonName()));
            }
        }
        return request;
    }

    private static Map<String, String> candidateFields(Map<String, String> form) {
        Map<String, String> candidate = new LinkedHashMap<>();
        for (SettingKey key : SettingKey.values()) {
            if (form.containsKey(key.jsonName())) {
                candidate.put(key.jsonName(), form.get(key.jsonName()));
            }
        }
        return candidate;
    }

    /** Returns whether the form changes a cluster field, comparing normalized values so that "Prefer" equals "prefer". */
    private boolean changesCluster(Map<String, String> request) {
        Settings current = store.current();
        for (SettingKey key : SettingKey.values()) {
            String value = request.get(key.jsonName());
            if (key.group() != SettingKey.Group.CLUSTER || value == null) {
                continue;
            }
            if (key.secret() ? !value.isEmpty() : !Objects.equals(normalized(key, value), current.text(key))) {
                return true;
            }
        }
        return false;
    }

    /** Returns the value as it would be saved, or the raw text when it is invalid (the save then names the field). */
    private static String normalized(SettingKey key, String value) {
        try {
            return key.rule().normalize(value);
        } catch (SettingRule.InvalidSettingException e) {
            return value;
        }
    }
}

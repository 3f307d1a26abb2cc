package io.wem.canary;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.Panel;
import io.wem.access.RequiresPanel;
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
 * Management > Canary Checks: the list with the scheduler switch, the create and edit forms with "Test now", enable or
 * disable, and delete with the check's name typed as confirmation. Each form calls the same {@link CanaryService} as the API.
 */
@Controller
@RequiresPanel(Panel.MANAGEMENT)
@RequestMapping("/management/canary-checks")
class CanaryChecksPageController {

    static final String LIST = "management/canary-checks";
    static final String FORM = "management/canary-check-form";
    static final String TEST_RESULT = "management/canary-check-form :: testResult";
    private static final String REDIRECT_LIST = "redirect:/management/canary-checks";

    private final CanaryService service;

    CanaryChecksPageController(CanaryService service) {
        this.service = service;
    }

    @GetMapping
    String list(Model model) {
        model.addAttribute("checks", service.list());
        model.addAttribute("schedulerRunning", service.schedulerRunning());
        return LIST;
    }

    @GetMapping("/new")
    String newCheck(@RequestParam(defaultValue = "QUERY") String type, Model model) {
        CheckDefinition defaults = CheckRequests.defaults(parseType(type));
        return showForm(model, null, fields(defaults), Map.of(), false);
    }

    @PostMapping
    String create(@RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        Map<String, Object> body = body(form);
        try {
            CheckView created = service.create(AuthorizationInterceptor.currentUser(), body);
            redirect.addFlashAttribute("success", "Canary check '" + created.name() + "' was created.");
            return REDIRECT_LIST;
        } catch (WemException e) {
            return showForm(model, null, body, errors(e), false);
        }
    }

    @GetMapping("/{id}")
    String edit(@PathVariable long id, Model model) {
        CheckView check = service.get(id);
        return showForm(model, check, fields(CheckDefinition.of(service.find(id))), Map.of(), check.system());
    }

    @PostMapping("/{id}")
    String update(@PathVariable long id, @RequestParam Map<String, String> form, Model model, RedirectAttributes redirect) {
        CheckView check = service.get(id);
        Map<String, Object> body = body(form);
        if (check.system()) {
            body.remove("type");
        }
        try {
            CheckView updated = service.update(AuthorizationInterceptor.currentUser(), id, body);
            redirect.addFlashAttribute("success", "Canary check '" + updated.name() + "' was saved.");
            return REDIRECT_LIST;
        } catch (WemException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            body.putIfAbsent("type", check.type().name());
            return showForm(model, check, body, errors(e), check.system());
        }
    }

    @PostMapping("/{id}/enabled")
    String setEnabled(@PathVariable long id, @RequestParam boolean enabled, RedirectAttributes redirect) {
        CheckView updated = service.update(AuthorizationInterceptor.currentUser(), id, Map.of("enabled", enabled));
        redirect.addFlashAttribute("success", "Canary check '" + updated.name() + "' is " + (enabled ? "enabled." : "disabled."));
        return REDIRECT_LIST;
    }

    @PostMapping("/{id}/delete")
    String delete(@PathVariable long id, @RequestParam(defaultValue = "") String confirmName, Model model,
                  RedirectAttributes redirect) {
        CheckView check = service.get(id);
        if (!check.name().equals(confirmName.strip())) {
            return showForm(model, check, fields(CheckDefinition.of(service.find(id))),
                    Map.of("confirmName", "Type the check name '" + check.name() + "' to confirm the deletion"), check.system());
        }
        try {
            service.delete(AuthorizationInterceptor.currentUser(), id);
        } catch (WemException e) {
            return showForm(model, check, fields(CheckDefinition.of(service.find(id))), Map.of("delete", e.getMessage()),
                    check.system());
        }
        redirect.addFlashAttribute("success", "Canary check '" + check.name() + "' was deleted.");
        return REDIRECT_LIST;
    }

    /** Runs the values now in the form without saving them (htmx), and returns the outcome. */
    @PostMapping("/test")
    String test(@RequestParam Map<String, String> form, @RequestParam(required = false) Long id, Model model) {
        Map<String, Object> body = body(form);
        try {
            model.addAttribute("outcome", service.test(body, id));
        } catch (WemException e) {
            model.addAttribute("invalid", e.fields().isEmpty() ? e.getMessage() : String.join(" ", e.fields().values()));
        }
        return TEST_RESULT;
    }

    @PostMapping("/scheduler/{command}")
    String scheduler(@PathVariable String command, RedirectAttributes redirect) {
        boolean start = switch (command) {
            case "start" -> true;
            case "stop" -> false;
            default -> throw WemException.notFound("No scheduler command '" + command + "'; use start or stop");
        };
        service.setScheduler(AuthorizationInterceptor.currentUser(), start);
        redirect.addFlashAttribute("success", start ? "The canary scheduler is running." : "The canary scheduler is stopped.");
        return REDIRECT_LIST;
    }

    private String showForm(Model model, CheckView check, Map<String, Object> values, Map<String, String> errors, boolean system) {
        model.addAttribute("check", check);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("system", system);
        model.addAttribute("types", CheckType.values());
        return FORM;
    }

    /** Keeps the form's check fields; an unticked "enabled" box is not sent, so its absence means false. */
    private static Map<String, Object> body(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : CheckRequests.FIELDS) {
            if (form.containsKey(field)) {
                body.put(field, form.get(field));
            }
        }
        body.put("enabled", form.containsKey("enabled") ? "true" : "false");
        return body;
    }

    /** Returns the definition as form values; the checkbox template compares "enabled" with the text "true". */
    private static Map<String, Object> fields(CheckDefinition definition) {
        Map<String, Object> values = new LinkedHashMap<>(CanaryService.definitionFields(definition));
        values.put("enabled", definition.enabled() ? "true" : "false");
        return values;
    }

    private static Map<String, String> errors(WemException e) {
        return e.fields().isEmpty() ? Map.of("form", e.getMessage()) : e.fields();
    }

    private static CheckType parseType(String type) {
        try {
            return CheckType.valueOf(type);
        } catch (IllegalArgumentException e) {
            return CheckType.QUERY;
        }
    }
}

package io.wem.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.annotation.Annotation;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.wem.account.UserRepository;
import io.wem.testsupport.TestUsers;
import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Calls every route that Spring MVC has registered, as each role and as an anonymous caller, and checks the response
 * against the permission matrix at that moment. A new route without a permission declaration fails here.
 */
class RouteAuthorizationTest extends WemIntegrationTest {

    private static final String PASSWORD = "Route-Check-Passw0rd!";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    PermissionService permissions;

    @Autowired
    UserRepository users;

    @Autowired
    PasswordEncoder encoder;

    @AfterEach
    void restoreDefaults() {
        WemClient admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
        admin.sendJson("POST", "/api/v1/permissions/reset", null, true);
    }

    @Test
    void everyRouteFollowsMatrixForEveryCaller() {
        Map<Role, String> usernames = new EnumMap<>(Role.class);
        usernames.put(Role.ADMIN, "admin");
        usernames.put(Role.OPERATOR, TestUsers.create(users, encoder, "route-op", Role.OPERATOR, PASSWORD));
        usernames.put(Role.VIEWER, TestUsers.create(users, encoder, "route-viewer", Role.VIEWER, PASSWORD));
        Map<Role, WemClient> clients = new EnumMap<>(Role.class);
        usernames.forEach((role, username) -> clients.put(role, signedIn(username)));
        List<String> wrong = new ArrayList<>();
        int checked = 0;

        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            for (String pattern : entry.getKey().getPatternValues()) {
                if (pattern.equals("/error")) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]+}", "1");
                for (String method : methods(entry.getKey())) {
                    wrong.addAll(checkAnonymous(handler, method, path));
                    for (Role role : Role.values()) {
                        WemClient caller = isSignOut(method, path) ? signedIn(usernames.get(role)) : clients.get(role);
                        HttpResponse<String> response = send(caller, method, path);
                        String problem = judge(handler, role, response);
                        if (problem != null) {
                            wrong.add(role + " " + method + " " + path + ": " + problem);
                        }
                        checked++;
                    }
                }
            }
        }

        assertThat(checked).isGreaterThan(40);
        assertThat(wrong).isEmpty();
    }

    private List<String> checkAnonymous(HandlerMethod handler, String method, String path) {
        HttpResponse<String> response = send(client(), method, path);
        int status = response.statusCode();
        if (declares(handler, PublicRoute.class)) {
            return status == 401 || status == 403 || status >= 500
                    ? List.of("anonymous " + method + " " + path + ": public route answered " + status) : List.of();
        }
        boolean refused = path.startsWith("/api/") ? status == 401
                : status == 302 && response.headers().firstValue("Location").orElse("").contains("/login");
        return refused ? List.of() : List.of("anonymous " + method + " " + path + ": expected a refusal, got " + status);
    }

    /** Returns null when the response is what the matrix allows, else what went wrong. */
    private String judge(HandlerMethod handler, Role role, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 500) {
            return "server error " + status + ": " + response.body();
        }
        boolean allowed;
        RequiresAction action = find(handler, RequiresAction.class);
        RequiresPanel panel = find(handler, RequiresPanel.class);
        PermissionMatrix matrix = permissions.current();
        if (declares(handler, PublicRoute.class) || declares(handler, SignedInRoute.class)) {
            allowed = true;
        } else if (action != null) {
            allowed = actionAllowed(matrix, role, action.value());
        } else if (panel != null) {
            allowed = panelAllowed(matrix, role, panel.value());
        } else if (AuthorizationInterceptor.thirdPartyPanel(handler.getBeanType()) != null) {
            allowed = panelAllowed(matrix, role, AuthorizationInterceptor.thirdPartyPanel(handler.getBeanType()));
        } else {
            return "no permission declared";
        }
        if (allowed && (status == 401 || status == 403)) {
            return "allowed by the matrix but answered " + status + ": " + response.body();
        }
        if (!allowed && status != 403) {
            return "refused by the matrix but answered " + status;
        }
        return null;
    }

    /** Returns whether the role may see the panel, by the rules written out again apart from {@link AccessPolicy}. */
    private static boolean panelAllowed(PermissionMatrix matrix, Role role, String panelKey) {
        if (panelKey.equals("management")) {
            return role == Role.ADMIN;
        }
        if (panelKey.equals("dashboard")) {
            return true;
        }
        return matrix.panels().stream().filter(panel -> panel.key().equals(panelKey)).findFirst()
                .orElseThrow().grants().get(role);
    }

    private static boolean actionAllowed(PermissionMatrix matrix, Role role, String actionKey) {
        for (PermissionMatrix.PanelGrants panel : matrix.panels()) {
            for (PermissionMatrix.ActionGrants action : panel.actions()) {
                if (action.key().equals(actionKey)) {
                    boolean granted = matrix.actionPermissionsEnabled() ? action.grants().get(role) : role == Role.ADMIN;
                    return panelAllowed(matrix, role, panel.key()) && granted;
                }
            }
        }
        throw new AssertionError("No action " + actionKey + " in the matrix");
    }

    private WemClient signedIn(String username) {
        WemClient client = client();
        HttpResponse<String> response = client.apiSignIn(username, username.equals("admin") ? ADMIN_PASSWORD : PASSWORD);
        assertThat(response.statusCode()).as("sign-in of " + username).isEqualTo(200);
        return client;
    }

    private static boolean isSignOut(String method, String path) {
        return method.equals("DELETE") && path.equals("/api/v1/session");
    }

    private static HttpResponse<String> send(WemClient client, String method, String path) {
        if (method.equals("GET")) {
            return client.get(path);
        }
        return client.sendJson(method, path, path.startsWith("/api/") ? "{}" : null, true);
    }

    private static Set<String> methods(RequestMappingInfo info) {
        Set<RequestMethod> declared = info.getMethodsCondition().getMethods();
        return declared.isEmpty() ? Set.of("GET") : declared.stream().map(Enum::name).collect(Collectors.toSet());
    }

    private static boolean declares(HandlerMethod handler, Class<? extends Annotation> type) {
        return find(handler, type) != null;
    }

    private static <A extends Annotation> A find(HandlerMethod handler, Class<A> type) {
        A onMethod = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), type);
        return onMethod != null ? onMethod : AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), type);
    }
}

package io.wem.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.wem.access.AuthorizationInterceptor;
import io.wem.access.PublicRoute;
import io.wem.access.RequiresAction;
import io.wem.access.RequiresPanel;
import io.wem.access.SignedInRoute;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.method.HandlerMethod;

/**
 * The OpenAPI document at {@code /v3/api-docs} (UI at {@code /swagger-ui}), Admin-only. Each operation states the
 * permission it needs, as the extension {@code x-wem-permission} and in its description, from the same annotation
 * that the authorization check reads.
 */
@Configuration(proxyBeanMethods = false)
class ApiDocsConfiguration {

    static final String PERMISSION_EXTENSION = "x-wem-permission";

    @Bean
    OpenAPI wemOpenApi() {
        return new OpenAPI().info(new Info().title("WEM API").version("v1").description(
                "Sign in with POST /api/v1/session, keep the WEM_SESSION cookie and send the returned csrfToken as the "
                        + "X-CSRF-TOKEN header on every state-changing call. Errors are {\"error\": ..., \"field\": ...}."));
    }

    @Bean
    OperationCustomizer permissionDescription() {
        return (operation, handler) -> {
            String permission = permission(handler);
            operation.addExtension(PERMISSION_EXTENSION, permission);
            String description = operation.getDescription() == null ? "" : operation.getDescription() + "\n\n";
            operation.setDescription(description + "Permission: " + permission);
            return operation;
        };
    }

    /** Returns the permission as {@code panel:KEY}, {@code action:KEY}, {@code signed-in} or {@code public}. */
    static String permission(HandlerMethod handler) {
        RequiresAction action = AuthorizationInterceptor.find(handler, RequiresAction.class);
        if (action != null) {
            return "action:" + action.value();
        }
        RequiresPanel panel = AuthorizationInterceptor.find(handler, RequiresPanel.class);
        if (panel != null) {
            return "panel:" + panel.value();
        }
        if (AuthorizationInterceptor.find(handler, SignedInRoute.class) != null) {
            return "signed-in";
        }
        return AuthorizationInterceptor.find(handler, PublicRoute.class) != null ? "public" : "none (rejected)";
    }
}

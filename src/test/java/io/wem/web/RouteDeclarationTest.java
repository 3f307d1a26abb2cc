package io.wem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.wem.access.AuthorizationInterceptor;
import io.wem.access.PublicRoute;
import io.wem.access.RequiresAction;
import io.wem.access.RequiresPanel;
import io.wem.access.SignedInRoute;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

class RouteDeclarationTest extends WemIntegrationTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteDeclaresItsPermission() {
        List<String> undeclared = mappings.getHandlerMethods().entrySet().stream()
                .filter(entry -> !declares(entry.getValue()))
                .map(entry -> entry.getKey() + " -> " + entry.getValue())
                .toList();

        assertThat(mappings.getHandlerMethods()).isNotEmpty();
        assertThat(undeclared).as("routes without @RequiresAction, @RequiresPanel, @SignedInRoute or @PublicRoute").isEmpty();
    }

    private static boolean declares(HandlerMethod method) {
        if (AuthorizationInterceptor.thirdPartyPanel(method.getBeanType()) != null) {
            return true;
        }
        for (Class<? extends java.lang.annotation.Annotation> type : List.of(RequiresAction.class, RequiresPanel.class, SignedInRoute.class, PublicRoute.class)) {
            if (AnnotatedElementUtils.hasAnnotation(method.getMethod(), type)
                    || AnnotatedElementUtils.hasAnnotation(method.getBeanType(), type)) {
                return true;
            }
        }
        return false;
    }
}

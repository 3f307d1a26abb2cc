package io.wem.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.wem.access.AuthorizationInterceptor;
import io.wem.config.WemConfig;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the authorization check on every controller and sets the session cookie and idle timeout from WEM's configuration. */
@Configuration(proxyBeanMethods = false)
class WebConfiguration implements WebMvcConfigurer {

    static final String SESSION_COOKIE = "WEM_SESSION";

    private final AuthorizationInterceptor authorization;

    WebConfiguration(AuthorizationInterceptor authorization) {
        this.authorization = authorization;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(authorization);
    }

    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> sessionCookie(WemConfig config) {
        return factory -> {
            Session session = factory.getSettings().getSession();
            session.setTimeout(config.sessionIdleTimeout());
            Cookie cookie = session.getCookie();
            cookie.setName(SESSION_COOKIE);
            cookie.setHttpOnly(true);
            cookie.setSecure(!config.insecureCookies());
            cookie.setSameSite(Cookie.SameSite.LAX);
            if (config.bindAddress() != null) {
                try {
                    factory.setAddress(InetAddress.getByName(config.bindAddress()));
                } catch (UnknownHostException e) {
                    throw new IllegalStateException("WEM_BIND_ADDRESS=" + config.bindAddress() + " cannot be resolved", e);
                }
            }
        };
    }
}

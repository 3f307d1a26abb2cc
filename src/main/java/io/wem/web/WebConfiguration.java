package io.wem.web;

import java.net.InetAddress;
import java.net.UnknownHostException;

import io.wem.access.AuthorizationInterceptor;
import io.wem.config.WemConfig;
import io.wem.settings.SettingKey;
import io.wem.settings.SettingSource;
import io.wem.settings.SettingsStore;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.servlet.ConfigurableServletWebServerFactory;
import org.springframework.boot.web.server.servlet.Session;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Registers the authorization check on every controller and sets the session cookie, idle timeout and saved port. */
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
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> sessionCookie(WemConfig config, SettingsStore settings) {
        return factory -> {
            Session session = factory.getSettings().getSession();
            session.setTimeout(settings.startedWith().sessionIdleTimeout());
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

    /**
     * Listens on the HTTP port saved in Settings when neither wem.conf nor the environment sets PORT. It runs after
     * Spring Boot's own customizer, and it leaves alone a server.port that someone set explicitly (tests use 0).
     */
    @Bean
    WebServerFactoryCustomizer<ConfigurableServletWebServerFactory> savedPort(SettingsStore settings, Environment environment) {
        return new SavedPortCustomizer(settings, environment);
    }

    private record SavedPortCustomizer(SettingsStore settings, Environment environment)
            implements WebServerFactoryCustomizer<ConfigurableServletWebServerFactory>, Ordered {

        @Override
        public void customize(ConfigurableServletWebServerFactory factory) {
            boolean portFromDefault = environment.getProperty("PORT") == null
                    && "8080".equals(environment.getProperty("server.port"));
            if (portFromDefault && settings.source(SettingKey.PORT) == SettingSource.STORE) {
                factory.setPort(settings.startedWith().port());
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}

package io.wem.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.wem.config.WemConfig;
import io.wem.settings.SettingsStore;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Cookie;
import org.springframework.boot.web.server.servlet.Session;

class SessionCookieTest {

    @Test
    void cookieIsSecureByDefault() {
        Session session = customize(Map.of());

        assertThat(session.getCookie().getSecure()).isTrue();
        assertThat(session.getCookie().getHttpOnly()).isTrue();
        assertThat(session.getCookie().getSameSite()).isEqualTo(Cookie.SameSite.LAX);
        assertThat(session.getCookie().getName()).isEqualTo("WEM_SESSION");
        assertThat(session.getTimeout()).isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void insecureCookiesDropSecureFlag() {
        Session session = customize(Map.of("WEM_INSECURE_COOKIES", "1"));

        assertThat(session.getCookie().getSecure()).isFalse();
        assertThat(session.getCookie().getHttpOnly()).isTrue();
    }

    @Test
    void idleTimeoutComesFromConfiguration() {
        Session session = customize(Map.of("WEM_SESSION_IDLE_TIMEOUT", "5"));

        assertThat(session.getTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    private static Session customize(Map<String, String> values) {
        Map<String, String> all = new HashMap<>(values);
        all.put("WEM_COOKIE_SECRET", "a-cookie-secret-that-is-long-enough-for-wem");
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory();
        WemConfig config = WemConfig.load(all::get);
        new WebConfiguration(null).sessionCookie(config, SettingsStore.withoutSavedValues(config)).customize(factory);
        return factory.getSettings().getSession();
    }
}

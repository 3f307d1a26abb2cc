package io.wem.config;


import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/** Builds {@link WemConfig} from Spring's environment, where the launcher put wem.conf below the process environment. */
@Configuration(proxyBeanMethods = false)
class ConfigConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConfigConfiguration.class);

    @Bean
    WemConfig wemConfig(Environment environment) {
        WemConfig config = WemConfig.load(environment::getProperty);
        log.info("Configuration loaded: cluster {}:{}/{} as {}, state store {}, data directory {}",
                config.cluster().host(), config.cluster().port(), config.cluster().database(), config.cluster().user(),
                config.stateStore().isPostgres()
                        ? "PostgreSQL " + config.stateStore().host() + ":" + config.stateStore().port() + "/" + config.stateStore().database()
                        : "H2",
                config.dataDir());
        return config;
    }

    /** Returns the clock for every stored time, in UTC. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}

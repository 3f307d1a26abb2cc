package io.wem.canary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.wem.WemApplication;
import io.wem.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Two WEM instances on one PostgreSQL state store: one runs the scheduler, and the other takes over when it stops. */
class SchedulerHandoverTest {

    private static final String STORE_DATABASE = "wem_scheduler_handover";
    private final List<ConfigurableApplicationContext> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(ConfigurableApplicationContext::close);
        started.clear();
    }

    @Test
    void secondInstanceTakesOverTheLock() {
        ConfigurableApplicationContext first = start();
        await().atMost(Duration.ofSeconds(20)).until(() -> leader(first));

        ConfigurableApplicationContext second = start();
        // The second instance tries the lock at its first tick, a fraction of a second after start.
        await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> !leader(second));
        assertThat(leader(first)).isTrue();

        first.close();
        started.remove(first);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> leader(second));
    }

    private static boolean leader(ConfigurableApplicationContext context) {
        return context.getBean(SchedulerLeadership.class).isLeader();
    }

    private ConfigurableApplicationContext start() {
        int cluster = TestPostgres.shared().getPort();
        ConfigurableApplicationContext context = new SpringApplicationBuilder(WemApplication.class).run(
                "--server.port=0",
                "--WEM_HOST=127.0.0.1", "--WEM_PORT=" + cluster, "--WEM_DATABASE=" + STORE_DATABASE,
                "--WEM_USER=" + TestPostgres.USER,
                "--WHPG_HOST=127.0.0.1", "--WHPG_PORT=" + cluster, "--WHPG_DATABASE=" + TestPostgres.CLUSTER_DATABASE,
                "--WHPG_USER=" + TestPostgres.USER, "--WHPG_SSLMODE=disable");
        started.add(context);
        return context;
    }
}

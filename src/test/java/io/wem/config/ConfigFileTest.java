package io.wem.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ConfigFileTest {

    @Test
    void parsesKeyValueLinesQuotesAndComments() {
        Map<String, String> values = ConfigFile.parse(List.of(
                "# WEM configuration",
                "",
                "WHPG_HOST=coordinator.example.internal",
                "export WHPG_PORT=6432",
                "WHPG_PASSWORD=\"p@ss # word=/:{'\"",
                "WEM_CLUSTER_NAME='Production EDW'  # shown in the header",
                "PROMETHEUS_URL=http://127.0.0.1:9090 # trailing comment",
                "WHPG_USER=gp#admin"), "wem.conf");

        assertThat(values).containsEntry("WHPG_HOST", "coordinator.example.internal")
                .containsEntry("WHPG_PORT", "6432")
                .containsEntry("WHPG_PASSWORD", "p@ss # word=/:{'")
                .containsEntry("WEM_CLUSTER_NAME", "Production EDW")
                .containsEntry("PROMETHEUS_URL", "http://127.0.0.1:9090")
                .containsEntry("WHPG_USER", "gp#admin")
                .hasSize(6);
    }

    @Test
    void lineWithoutEqualsNamesFileAndLine() {
        assertThatThrownBy(() -> ConfigFile.parse(List.of("WHPG_HOST=a", "just words"), "/etc/wem/wem.conf"))
                .hasMessage("/etc/wem/wem.conf line 2 is not KEY=value: just words");
    }

    @Test
    void unterminatedQuoteIsReported() {
        assertThatThrownBy(() -> ConfigFile.parse(List.of("WHPG_PASSWORD=\"open"), "wem.conf"))
                .hasMessage("wem.conf line 1 has an unterminated \" quote");
    }
}

package io.wem.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.wem.testsupport.WemClient;
import io.wem.testsupport.WemIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class AuditApiTest extends WemIntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    AuditService audit;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JdbcTemplate template;

    @Autowired
    TransactionTemplate transaction;

    WemClient admin;

    @BeforeEach
    void signInAdmin() {
        admin = client();
        admin.apiSignIn("admin", ADMIN_PASSWORD);
    }

    @Test
    void filtersCombineByTypeActorOutcomeAndText() {
        String ghost = unique("ghost");
        client().apiSignIn(ghost, "wrong");
        client().apiSignIn(ghost, "wrong again");

        JsonNode events = events("/api/v1/audit?type=FAILED_LOGIN&actor=" + ghost + "&outcome=FAILURE");
        JsonNode none = events("/api/v1/audit?type=LOGIN&actor=" + ghost);
        JsonNode text = events("/api/v1/audit?q=" + ghost);

        assertThat(events).hasSize(2);
        for (JsonNode event : events) {
            assertThat(event.get("type").asString()).isEqualTo("FAILED_LOGIN");
            assertThat(event.get("typeLabel").asString()).isEqualTo("Failed Login");
            assertThat(event.get("sourceIp").asString()).isEqualTo("127.0.0.1");
            assertThat(event.get("reason").asString()).isEqualTo("unknown user");
            assertThat(event.get("details").isObject()).isTrue();
        }
        assertThat(none).isEmpty();
        assertThat(text).hasSize(2);
        assertThat(events.get(0).get("seq").asLong()).isGreaterThan(events.get(1).get("seq").asLong());
    }

    @Test
    void timeRangeFilters() {
        String ghost = unique("range");
        client().apiSignIn(ghost, "wrong");

        assertThat(events("/api/v1/audit?actor=" + ghost + "&from=" + Instant.now().minusSeconds(600))).hasSize(1);
        assertThat(events("/api/v1/audit?actor=" + ghost + "&to=" + Instant.now().minusSeconds(600))).isEmpty();
    }

    @Test
    void invalidFiltersNameTheParameter() {
        Map<String, String> cases = Map.of(
                "/api/v1/audit?type=NOPE", "type",
                "/api/v1/audit?outcome=maybe", "outcome",
                "/api/v1/audit?from=yesterday", "from",
                "/api/v1/audit?limit=0", "limit",
                "/api/v1/audit?limit=5000", "limit",
                "/api/v1/audit?cursor=garbage!", "cursor",
                "/api/v1/audit?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z", "from",
                "/api/v1/audit/export?format=xml", "format");

        cases.forEach((path, field) -> {
            HttpResponse<String> response = admin.get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(WemClient.json(response).get("field").asString()).as(path).isEqualTo(field);
        });
    }

    @Test
    void pagesCrossIdenticalTimestampsWithoutGapsOrRepeats() {
        String target = unique("same-time");
        AuditService frozen = AuditService.create(jdbc, template, Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 25; i++) {
            frozen.recordBackground(AuditEvent.Draft.success(AuditEventType.UPDATE_USER, null, "tester").target("user", null, target));
        }

        List<Long> seqs = new ArrayList<>();
        String cursor = null;
        List<String> cursors = new ArrayList<>();
        do {
            JsonNode page = WemClient.json(admin.get("/api/v1/audit?target=" + target + "&limit=7"
                    + (cursor == null ? "" : "&cursor=" + cursor)));
            for (JsonNode event : page.get("events")) {
                assertThat(event.get("occurredAt").asString()).isEqualTo("2026-11-30T12:00:00Z");
                seqs.add(event.get("seq").asLong());
            }
            cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
            if (cursor != null) {
                cursors.add(cursor);
            }
        } while (cursor != null);

        assertThat(seqs).hasSize(25).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(cursors).hasSize(3);
        JsonNode second = WemClient.json(admin.get("/api/v1/audit?target=" + target + "&limit=7&cursor=" + cursors.get(0)));
        JsonNode backToFirst = WemClient.json(admin.get("/api/v1/audit?target=" + target + "&limit=7&cursor="
                + second.get("previousCursor").asString()));
        assertThat(backToFirst.get("events").get(0).get("seq").asLong()).isEqualTo(seqs.get(0));
        assertThat(backToFirst.get("events")).hasSize(7);
    }

    @Test
    void exportEqualsFilteredSet() {
        String target = unique("export");
        for (int i = 0; i < 12; i++) {
            audit.recordBackground(AuditEvent.Draft.success(AuditEventType.UPDATE_USER, null, "=cmd|' /C calc'!A0")
                    .target("user", null, target).details(Map.of("note", "line, with \"quotes\"\nand a newline")));
        }
        List<Long> listed = new ArrayList<>();
        for (JsonNode event : events("/api/v1/audit?target=" + target + "&limit=1000")) {
            listed.add(event.get("id").asLong());
        }

        HttpResponse<String> csv = admin.get("/api/v1/audit/export?format=csv&target=" + target);
        HttpResponse<String> jsonl = admin.get("/api/v1/audit/export?format=jsonl&target=" + target);

        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Disposition")).hasValueSatisfying(value -> assertThat(value)
                .contains("wem-audit-target-" + target.replace('-', '-')).endsWith(".csv\""));
        List<String> csvRecords = csvRecords(csv.body());
        assertThat(csvRecords.get(0)).startsWith("id,seq,occurredAt,type");
        List<Long> csvIds = csvRecords.subList(1, csvRecords.size()).stream()
                .map(line -> Long.parseLong(line.substring(0, line.indexOf(',')))).toList();
        assertThat(csvIds).isEqualTo(listed);
        assertThat(csv.body()).contains("'=cmd|' /C calc'!A0").contains("\"{\"\"note\"\":\"\"line, with");
        List<Long> jsonIds = jsonl.body().lines().map(line -> JSON.readTree(line).get("id").asLong()).toList();
        assertThat(jsonIds).isEqualTo(listed);
        assertThat(listed).hasSize(12);
    }

    @Test
    void concurrentEventsKeepChainLinear() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Void>> writers = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                writers.add(() -> {
                    audit.recordBackground(AuditEvent.Draft.success(AuditEventType.UPDATE_USER, null, "writer-" + n));
                    return null;
                });
            }
            for (Future<Void> result : pool.invokeAll(writers)) {
                result.get();
            }
        } finally {
            pool.shutdown();
        }

        JsonNode verification = WemClient.json(admin.get("/api/v1/audit/verify"));
        assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
        assertThat(verification.get("checked").asLong()).isGreaterThanOrEqualTo(50);
    }

    @Test
    void verifyDetectsEditedDeletedAndInsertedRows() {
        audit.recordBackground(AuditEvent.Draft.success(AuditEventType.UPDATE_USER, null, "tamper-a"));
        audit.recordBackground(AuditEvent.Draft.success(AuditEventType.UPDATE_USER, null, "tamper-b"));
        audit.recordBackground(AuditEvent.Draft.success(AuditEventType.UPDATE_USER, null, "tamper-c"));
        AuditEvent middle = audit.latest(2).get(1);
        assertThat(verify().get("valid").asBoolean()).isTrue();

        jdbc.sql("UPDATE audit_event SET details = '{\"forged\":true}' WHERE id = :id").param("id", middle.id()).update();
        JsonNode edited = verify();
        jdbc.sql("UPDATE audit_event SET details = :details WHERE id = :id").param("details", middle.details())
                .param("id", middle.id()).update();
        assertThat(edited.get("valid").asBoolean()).isFalse();
        assertThat(edited.get("firstInvalidId").asLong()).isEqualTo(middle.id());
        assertThat(verify().get("valid").asBoolean()).isTrue();

        Map<String, Object> row = jdbc.sql("SELECT * FROM audit_event WHERE id = :id").param("id", middle.id()).query().singleRow();
        jdbc.sql("DELETE FROM audit_event WHERE id = :id").param("id", middle.id()).update();
        JsonNode deleted = verify();
        jdbc.sql("""
                INSERT INTO audit_event (id, seq, occurred_at, event_type, actor_id, actor_username, target_kind, target_id,
                                         target_name, source_ip, user_agent, outcome, reason, details, hash)
                VALUES (:id, :seq, :occurred_at, :event_type, :actor_id, :actor_username, :target_kind, :target_id,
                        :target_name, :source_ip, :user_agent, :outcome, :reason, :details, :hash)
                """).params(row).update();
        assertThat(deleted.get("valid").asBoolean()).isFalse();
        assertThat(deleted.get("reason").asString()).contains("missing");
        assertThat(verify().get("valid").asBoolean()).isTrue();

        transaction.executeWithoutResult(status -> {
            ChainState head = jdbc.sql("SELECT * FROM audit_chain").query((rows, n) -> new ChainState(rows.getLong("last_seq"),
                    rows.getString("last_hash"), 0, "", null, null, null)).single();
            jdbc.sql("""
                    INSERT INTO audit_event (seq, occurred_at, event_type, actor_username, outcome, details, hash)
                    VALUES (:seq, CURRENT_TIMESTAMP, 'LOGIN', 'intruder', 'SUCCESS', '{}', :hash)
                    """).param("seq", head.lastSeq() + 1).param("hash", head.lastHash()).update();
        });
        JsonNode inserted = verify();
        jdbc.sql("DELETE FROM audit_event WHERE actor_username = 'intruder'").update();
        assertThat(inserted.get("valid").asBoolean()).isFalse();
        assertThat(verify().get("valid").asBoolean()).isTrue();
    }

    @Test
    void typesAreListedWithLabels() {
        JsonNode types = WemClient.json(admin.get("/api/v1/audit/types")).get("types");

        assertThat(types.toString()).contains("{\"name\":\"FAILED_LOGIN\",\"label\":\"Failed Login\"}")
                .contains("SESSION_EXPIRED").contains("AUDIT_PURGED");
    }

    @Test
    void pageFiltersAndExpandsEvents() {
        String ghost = unique("page");
        client().apiSignIn(ghost, "wrong");
        WemClient browser = client().signedInAs("admin", ADMIN_PASSWORD);

        String page = browser.get("/management/audit?type=FAILED_LOGIN&actor=" + ghost + "&range=24h").body();
        String verify = browser.get("/management/audit/verify", Map.of("HX-Request", "true")).body();

        assertThat(page).contains(ghost).contains("Failed Login").contains("127.0.0.1").contains("Retention <span>365</span> days");
        assertThat(page).contains("id=\"export-csv\"").contains("type=FAILED_LOGIN");
        assertThat(verify).contains("id=\"verify-valid\"");
        assertThat(browser.get("/management/audit?range=forever").body()).contains("id=\"filter-error\"");
    }

    private JsonNode verify() {
        return WemClient.json(admin.get("/api/v1/audit/verify"));
    }

    private JsonNode events(String path) {
        HttpResponse<String> response = admin.get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return WemClient.json(response).get("events");
    }

    /** Splits CSV text into records, keeping newlines that sit inside quoted cells. */
    private static List<String> csvRecords(String text) {
        List<String> records = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : text.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '\n' && !quoted) {
                records.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return records;
    }

    private static String unique(String prefix) {
        return prefix + "-" + Long.toString(System.nanoTime(), 36);
    }
}

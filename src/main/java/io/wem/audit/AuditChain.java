package io.wem.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import tools.jackson.databind.json.JsonMapper;

/**
 * The tamper-evident chain: each event's hash is SHA-256 over the previous event's hash followed by the event's
 * canonical encoding, a JSON array of its stored fields in a fixed order. Changing, removing or inserting a row
 * breaks every later hash. It is evidence, not protection: an attacker able to rewrite the whole table can recompute it.
 */
final class AuditChain {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditChain() {
    }

    static String hash(String previousHash, AuditEvent event) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previousHash.getBytes(StandardCharsets.UTF_8));
            digest.update(canonical(event).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    /** Returns the encoding that the hash covers; everything but the row id and the hash itself. */
    static String canonical(AuditEvent event) {
        return JSON.writeValueAsString(Arrays.asList(
                event.seq(),
                timestamp(event.occurredAt()),
                event.type().name(),
                event.actorId(),
                event.actorUsername(),
                event.targetKind(),
                event.targetId(),
                event.targetName(),
                event.sourceIp(),
                event.userAgent(),
                event.outcome().name(),
                event.reason(),
                event.details()));
    }

    /** Formats the time at microsecond precision, which both PostgreSQL and H2 store exactly. */
    private static String timestamp(Instant instant) {
        return instant.toString();
    }
}

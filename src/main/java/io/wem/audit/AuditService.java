package io.wem.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

import io.wem.web.RequestInfo;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records, queries and verifies audit events. A caller that changes state calls {@link #record} inside its own
 * transaction, so the change and its event commit or roll back together. Appends lock the chain's head row, so
 * the hash chain stays linear however many events are recorded at once.
 */
@Service
public class AuditService {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private final AuditRepository repository;
    private final JsonMapper json;
    private final Clock clock;

    AuditService(AuditRepository repository, JsonMapper json, Clock clock) {
        this.repository = repository;
        this.json = json;
        this.clock = clock;
    }

    /** Builds the service without Spring, for the offline commands. */
    public static AuditService create(JdbcClient jdbc, JdbcTemplate template, Clock clock) {
        return new AuditService(new AuditRepository(jdbc, template), JsonMapper.builder().build(), clock);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(AuditEvent.Draft draft) {
        append(draft, RequestInfo.current());
    }

    /** Records an event outside any HTTP request, such as an expired session or a purge, with no source address. */
    @Transactional
    public void recordBackground(AuditEvent.Draft draft) {
        append(draft, RequestInfo.NONE);
    }

    private void append(AuditEvent.Draft draft, RequestInfo origin) {
        ChainState head = repository.lockChain();
        AuditEvent unhashed = new AuditEvent(0, head.lastSeq() + 1, Instant.now(clock).truncatedTo(ChronoUnit.MICROS),
                draft.type(), draft.actorId(), draft.actorUsername(), draft.targetKind(), draft.targetId(),
                draft.targetName(), origin.sourceIp(), origin.userAgent(), draft.outcome(), draft.reason(),
                json.writeValueAsString(draft.details()), null);
        String hash = AuditChain.hash(head.lastHash(), unhashed);
        repository.insert(new AuditEvent(0, unhashed.seq(), unhashed.occurredAt(), unhashed.type(), unhashed.actorId(),
                unhashed.actorUsername(), unhashed.targetKind(), unhashed.targetId(), unhashed.targetName(),
                unhashed.sourceIp(), unhashed.userAgent(), unhashed.outcome(), unhashed.reason(), unhashed.details(), hash));
    }

    /** A page of events, newest first; {@code nextCursor} reads older events and is null on the last page. */
    public record Page(List<AuditEvent> events, String nextCursor, String previousCursor) {
    }

    /** Returns the events matching the query, newest first. A cursor from a page continues from it. */
    @Transactional(readOnly = true)
    public Page search(AuditQuery query, AuditCursor cursor, int limit) {
        int size = Math.max(1, Math.min(limit, MAX_LIMIT));
        Long before = cursor != null && cursor.older() ? cursor.seq() : null;
        Long after = cursor != null && !cursor.older() ? cursor.seq() : null;
        List<AuditEvent> fetched = repository.search(query, before, after, size + 1);
        if (after != null) {
            // Read upwards: an extra row is the newest one and means that newer pages remain.
            boolean newer = fetched.size() > size;
            List<AuditEvent> events = newer ? fetched.subList(1, fetched.size()) : fetched;
            return new Page(events, events.isEmpty() ? null : AuditCursor.olderThan(events.get(events.size() - 1).seq()),
                    newer ? AuditCursor.newerThan(events.get(0).seq()) : null);
        }
        boolean more = fetched.size() > size;
        List<AuditEvent> events = more ? fetched.subList(0, size) : fetched;
        String next = more ? AuditCursor.olderThan(events.get(events.size() - 1).seq()) : null;
        String previous = cursor != null && !events.isEmpty() ? AuditCursor.newerThan(events.get(0).seq()) : null;
        return new Page(events, next, previous);
    }

    /** Returns the newest events first, at most {@code limit}. */
    public List<AuditEvent> latest(int limit) {
        return repository.search(AuditQuery.ALL, null, null, limit);
    }

    /** Streams every matching event, newest first, in one read-only transaction. */
    @Transactional(readOnly = true)
    public void export(AuditQuery query, Consumer<AuditEvent> sink) {
        repository.stream(query, sink);
    }

    /** The result of walking the chain: where it broke, if it did. */
    public record Verification(boolean valid, long checked, Long firstInvalidId, Long firstInvalidSeq, String reason) {
    }

    /** Walks the chain from its anchor and checks every hash, the sequence and the head. */
    @Transactional(readOnly = true)
    public Verification verify() {
        ChainState chain = repository.chain();
        long[] checked = {0};
        long[] expectedSeq = {chain.anchorSeq() + 1};
        String[] previousHash = {chain.anchorHash()};
        Verification[] broken = {null};
        repository.streamChain(chain.anchorSeq(), event -> {
            if (broken[0] != null) {
                return;
            }
            if (event.seq() != expectedSeq[0]) {
                broken[0] = new Verification(false, checked[0], event.id(), event.seq(),
                        "sequence jumps from " + (expectedSeq[0] - 1) + " to " + event.seq() + ": events are missing");
                return;
            }
            String expected = AuditChain.hash(previousHash[0], event);
            if (!expected.equals(event.hash())) {
                broken[0] = new Verification(false, checked[0], event.id(), event.seq(),
                        "hash does not match the event's content and its predecessor");
                return;
            }
            previousHash[0] = event.hash();
            expectedSeq[0]++;
            checked[0]++;
        });
        if (broken[0] != null) {
            return broken[0];
        }
        if (expectedSeq[0] - 1 != chain.lastSeq() || !previousHash[0].equals(chain.lastHash())) {
            return new Verification(false, checked[0], null, expectedSeq[0],
                    "the chain ends at " + (expectedSeq[0] - 1) + " but its head says " + chain.lastSeq()
                            + ": the newest events are missing");
        }
        return new Verification(true, checked[0], null, null, null);
    }

    /** Returns the head and anchor of the chain and the last purge, which the Audit Log shows. */
    public ChainState chainState() {
        return repository.chain();
    }
}

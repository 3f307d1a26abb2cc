import java.io.IOException;
import java.io.InputStream;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures the Audit Log API of a running WEM whose log contains many events, for example the million that
 * {@code bench/AuditLoad.java} inserts. Requests run one after the other over one signed-in client:
 *
 * <ol>
 *   <li>the first page of {@code type=FAILED_LOGIN} in the last {@code --days} days,</li>
 *   <li>the first page of a free-text search ({@code q=--query}),</li>
 *   <li>a free-text search that matches nothing ({@code q=--absent-query}), over all time and over the last 7 days,</li>
 *   <li>{@code --pages} pages of all events, each request passing the previous page's {@code nextCursor},</li>
 *   <li>a full CSV export ({@code GET /api/v1/audit/export?format=csv}),</li>
 *   <li>{@code GET /api/v1/audit/verify}.</li>
 * </ol>
 *
 * <p>The program checks every response as well as timing it: the filters must hold on every event, pages must
 * not repeat or skip an event, the export must contain every event once and the chain must verify. Run it with
 * the JDK's source launcher: {@code java bench/AuditBench.java --help}. The exit status is 0 when every request
 * succeeded and every check passed, 1 otherwise, and 2 for invalid options.
 */
public final class AuditBench {

    private static final String SESSION_PATH = "/api/v1/session";
    private static final String SEARCH_PATH = "/api/v1/audit";
    private static final String EXPORT_PATH = "/api/v1/audit/export";
    private static final String VERIFY_PATH = "/api/v1/audit/verify";
    private static final String PASSWORD_VARIABLE = "WEM_BENCH_PASSWORD";
    private static final int MAX_REPORTED_PROBLEMS = 10;

    private final Options options;
    private final HttpClient client;
    private final List<String> problems = new ArrayList<>();
    private int suppressedProblems;

    private AuditBench(Options options) {
        this.options = options;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .build();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("AuditBench: " + e.getMessage());
            System.err.println("Run with --help for the list of options.");
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(Options.HELP);
            return;
        }
        System.exit(new AuditBench(options).run());
    }

    private int run() throws Exception {
        System.out.println("Target: " + options.baseUrl + " as user '" + options.username + "'");
        if (!signIn()) {
            return 1;
        }
        measureFailedLoginPage();
        measureTextSearchPage();
        measureAbsentSearch(null);
        measureAbsentSearch(Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(7)));
        long newestSeq = measurePaging();
        measureExports(newestSeq);
        measureVerify(newestSeq);

        System.out.println();
        if (problems.isEmpty()) {
            System.out.println("All checks passed.");
            return 0;
        }
        System.out.println("Problems (" + (problems.size() + suppressedProblems) + "):");
        problems.forEach(problem -> System.out.println("  " + problem));
        if (suppressedProblems > 0) {
            System.out.println("  ... and " + suppressedProblems + " more");
        }
        return 1;
    }

    private boolean signIn() throws IOException, InterruptedException {
        String body = "{\"username\":" + Json.quote(options.username) + ",\"password\":" + Json.quote(options.password) + "}";
        HttpRequest request = HttpRequest.newBuilder(uri(SESSION_PATH, Map.of()))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.err.println("AuditBench: sign-in as '" + options.username + "' failed with HTTP " + response.statusCode()
                    + ": " + abbreviate(response.body()) + ". Check --user and the password.");
            return false;
        }
        return true;
    }

    /** Phase 1: the first page of failed sign-ins in the last --days days. */
    private void measureFailedLoginPage() throws IOException, InterruptedException {
        Instant from = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(options.days));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("type", "FAILED_LOGIN");
        parameters.put("from", from.toString());
        parameters.put("limit", Integer.toString(options.limit));
        String label = "first page, type=FAILED_LOGIN, last " + options.days + " days";
        List<Long> nanos = repeat(label, parameters, events -> {
            for (Map<String, Object> event : events) {
                if (!"FAILED_LOGIN".equals(event.get("type"))) {
                    return "an event of type " + event.get("type") + " (seq " + event.get("seq") + ")";
                }
                if (Instant.parse((String) event.get("occurredAt")).isBefore(from)) {
                    return "an event from " + event.get("occurredAt") + ", before " + from + " (seq " + event.get("seq") + ")";
                }
            }
            return null;
        });
        printLatencies(label, nanos);
    }

    /** Phase 2: the first page of a free-text search. */
    private void measureTextSearchPage() throws IOException, InterruptedException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("q", options.query);
        parameters.put("limit", Integer.toString(options.limit));
        String word = options.query.toLowerCase(Locale.ROOT);
        String label = "first page, q=" + options.query;
        List<Long> nanos = repeat(label, parameters, events -> {
            for (Map<String, Object> event : events) {
                // WEM searches these five fields, ignoring case.
                boolean found = false;
                for (String field : List.of("details", "reason", "targetName", "actorUsername", "sourceIp")) {
                    Object value = event.get(field);
                    if (value == null) {
                        continue;
                    }
                    // The API returns details as a JSON object, so it is written back as text to be searched.
                    String text = value instanceof String string ? string : Json.write(value);
                    found |= text.toLowerCase(Locale.ROOT).contains(word);
                }
                if (!found) {
                    return "an event without '" + options.query + "' (seq " + event.get("seq") + ")";
                }
            }
            return null;
        });
        printLatencies(label, nanos);
    }

    /**
     * Phase 2b: a free-text search that matches no event, so WEM reads every row in range before it responds.
     * With {@code from} set, only the last 7 days are in range, as on the Audit Log page, whose default range is 7 days.
     */
    private void measureAbsentSearch(Instant from) throws IOException, InterruptedException {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("q", options.absentQuery);
        if (from != null) {
            parameters.put("from", from.toString());
        }
        parameters.put("limit", Integer.toString(options.limit));
        String label = "first page, q=" + options.absentQuery + " (no match)" + (from == null ? ", all time" : ", last 7 days");
        List<Long> nanos = new ArrayList<>();
        int warmup = Math.min(options.warmup, 2);
        for (int i = 0; i < warmup + options.scanRepetitions; i++) {
            TimedPage page = fetchPage(label, parameters);
            if (page == null) {
                continue;
            }
            if (i >= warmup) {
                nanos.add(page.nanos);
            }
            if (!page.events.isEmpty() || page.nextCursor != null) {
                problem(label + ": expected an empty last page, got " + page.events.size() + " events"
                        + (page.nextCursor != null ? " and a nextCursor" : "") + "; choose an --absent-query that no event contains");
            }
        }
        printLatencies(label, nanos);
    }

    private interface PageCheck {
        /** Returns a description of the first event that violates the filter, or null when all match. */
        String firstViolation(List<Map<String, Object>> events);
    }

    /** Requests one page --warmup times untimed and --repetitions times timed, checking every response. */
    private List<Long> repeat(String label, Map<String, String> parameters, PageCheck check)
            throws IOException, InterruptedException {
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < options.warmup + options.repetitions; i++) {
            TimedPage page = fetchPage(label, parameters);
            if (page == null) {
                continue;
            }
            if (i >= options.warmup) {
                nanos.add(page.nanos);
            }
            if (page.events.size() != options.limit) {
                problem(label + ": expected a full page of " + options.limit + " events, got " + page.events.size());
            }
            String violation = check.firstViolation(page.events);
            if (violation != null) {
                problem(label + ": the page contains " + violation);
            }
            checkDescending(label, page.events);
        }
        return nanos;
    }

    /**
     * Phase 3: follows nextCursor through --pages pages of all events, --paging-runs times after one untimed run.
     * Returns the newest seq that the first page showed, or -1 when no page could be read.
     */
    private long measurePaging() throws IOException, InterruptedException {
        String label = options.pages + " pages of " + options.limit + " events, following nextCursor";
        List<Long> pageNanos = new ArrayList<>();
        List<Long> runNanos = new ArrayList<>();
        long newestSeq = -1;
        for (int run = 0; run < 1 + options.pagingRuns; run++) {
            String cursor = null;
            List<Long> seqs = new ArrayList<>();
            long runTotal = 0;
            List<Long> thisRun = new ArrayList<>();
            for (int page = 0; page < options.pages; page++) {
                Map<String, String> parameters = new LinkedHashMap<>();
                parameters.put("limit", Integer.toString(options.limit));
                if (cursor != null) {
                    parameters.put("cursor", cursor);
                }
                TimedPage result = fetchPage(label, parameters);
                if (result == null) {
                    break;
                }
                runTotal += result.nanos;
                thisRun.add(result.nanos);
                result.events.forEach(event -> seqs.add(((Number) event.get("seq")).longValue()));
                cursor = result.nextCursor;
                if (cursor == null && page + 1 < options.pages) {
                    problem(label + ": page " + (page + 1) + " has no nextCursor, so the log ended early");
                    break;
                }
            }
            if (!seqs.isEmpty()) {
                newestSeq = Math.max(newestSeq, seqs.get(0));
            }
            checkPagedSeqs(label, seqs);
            if (run > 0) {
                pageNanos.addAll(thisRun);
                runNanos.add(runTotal);
                System.out.printf("  paging run %d: %d pages, %,d events, %.1f ms in total%n",
                        run, thisRun.size(), seqs.size(), runTotal / 1e6);
            }
        }
        printLatencies(label + ", per page", pageNanos);
        printLatencies(label + ", whole walk", runNanos);
        return newestSeq;
    }

    /** Checks that paging returned pages × limit distinct events, newest first, with no seq skipped. */
    private void checkPagedSeqs(String label, List<Long> seqs) {
        int expected = options.pages * options.limit;
        Set<Long> distinct = new HashSet<>(seqs);
        if (seqs.size() != expected || distinct.size() != expected) {
            problem(label + ": expected " + expected + " distinct events, got " + seqs.size() + " events of which "
                    + distinct.size() + " distinct");
        }
        for (int i = 1; i < seqs.size(); i++) {
            long previous = seqs.get(i - 1);
            long current = seqs.get(i);
            if (current >= previous) {
                problem(label + ": seq " + current + " follows " + previous + " at position " + i + ", not strictly decreasing");
                return;
            }
            if (current != previous - 1) {
                // Without filters and purges, seq has no gaps, so a jump means that paging skipped events.
                problem(label + ": seq jumps from " + previous + " to " + current + " at position " + i);
                return;
            }
        }
    }

    /** Phase 4: full CSV exports, each read to the end and parsed for its seq column. */
    private void measureExports(long newestSeq) throws IOException, InterruptedException {
        System.out.println();
        System.out.println("Full CSV export (GET " + EXPORT_PATH + "?format=csv), " + options.exports + " runs, none untimed");
        for (int run = 1; run <= options.exports; run++) {
            HttpRequest request = HttpRequest.newBuilder(uri(EXPORT_PATH, Map.of("format", "csv")))
                    .timeout(options.longTimeout)
                    .GET()
                    .build();
            long started = System.nanoTime();
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            long headersAt = System.nanoTime();
            if (response.statusCode() != 200) {
                try (InputStream body = response.body()) {
                    problem("export run " + run + ": HTTP " + response.statusCode() + ": "
                            + abbreviate(new String(body.readNBytes(2000), StandardCharsets.UTF_8)));
                }
                continue;
            }
            CsvSeqReader csv = new CsvSeqReader();
            try (InputStream body = response.body()) {
                csv.read(body);
            }
            long nanos = System.nanoTime() - started;
            System.out.printf("  run %d: %,d rows, %,.1f MB in %.2f s, %,.0f rows/s, %.1f MB/s, headers after %.0f ms%n",
                    run, csv.rows, csv.bytes / 1e6, nanos / 1e9, csv.rows / (nanos / 1e9), csv.bytes / 1e6 / (nanos / 1e9),
                    (headersAt - started) / 1e6);
            if (csv.problem != null) {
                problem("export run " + run + ": " + csv.problem);
            }
            if (newestSeq > 0 && csv.firstSeq < newestSeq) {
                problem("export run " + run + ": the first row has seq " + csv.firstSeq + ", older than the newest paged event " + newestSeq);
            }
            if (csv.lastSeq != 1) {
                // AuditLoad starts the chain at seq 1, so another oldest seq means that a purge has run since.
                System.out.println("  note: the oldest exported seq is " + csv.lastSeq + ", not 1");
            }
            if (csv.rows != csv.firstSeq - csv.lastSeq + 1) {
                problem("export run " + run + ": " + csv.rows + " rows for seq " + csv.lastSeq + " to " + csv.firstSeq);
            }
        }
    }

    /** Phase 5: chain verification, once untimed and then --verifications times. */
    private void measureVerify(long newestSeq) throws IOException, InterruptedException {
        String label = "verify (GET " + VERIFY_PATH + ")";
        List<Long> nanos = new ArrayList<>();
        for (int i = 0; i < 1 + options.verifications; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri(VERIFY_PATH, Map.of())).timeout(options.longTimeout).GET().build();
            long started = System.nanoTime();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long elapsed = System.nanoTime() - started;
            if (response.statusCode() != 200) {
                problem(label + ": HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) Json.parse(response.body());
            if (!Boolean.TRUE.equals(result.get("valid"))) {
                problem(label + ": the chain is invalid: " + response.body());
            } else if (newestSeq > 0 && ((Number) result.get("checked")).longValue() < newestSeq) {
                problem(label + ": checked " + result.get("checked") + " events, fewer than the newest seq " + newestSeq);
            }
            if (i == 0) {
                System.out.println();
                System.out.println("Verify result: " + response.body());
            } else {
                nanos.add(elapsed);
            }
        }
        printLatencies(label, nanos);
    }

    private record TimedPage(long nanos, List<Map<String, Object>> events, String nextCursor) {
    }

    /** Requests one page and parses it. Any status other than 200 is recorded as a problem, and the result is null. */
    @SuppressWarnings("unchecked")
    private TimedPage fetchPage(String label, Map<String, String> parameters) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(SEARCH_PATH, parameters)).timeout(options.pageTimeout).GET().build();
        long started = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        long nanos = System.nanoTime() - started;
        if (response.statusCode() != 200) {
            problem(label + ": HTTP " + response.statusCode() + ": " + abbreviate(response.body()));
            return null;
        }
        Map<String, Object> page = (Map<String, Object>) Json.parse(response.body());
        return new TimedPage(nanos, (List<Map<String, Object>>) page.get("events"), (String) page.get("nextCursor"));
    }

    private void checkDescending(String label, List<Map<String, Object>> events) {
        for (int i = 1; i < events.size(); i++) {
            long previous = ((Number) events.get(i - 1).get("seq")).longValue();
            long current = ((Number) events.get(i).get("seq")).longValue();
            if (current >= previous) {
                problem(label + ": seq " + current + " follows " + previous + " within a page");
                return;
            }
        }
    }

    private URI uri(String path, Map<String, String> parameters) {
        StringBuilder uri = new StringBuilder(options.baseUrl).append(path);
        char separator = '?';
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            uri.append(separator).append(URLEncoder.encode(parameter.getKey(), StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(parameter.getValue(), StandardCharsets.UTF_8));
            separator = '&';
        }
        return URI.create(uri.toString());
    }

    private void problem(String text) {
        if (problems.size() < MAX_REPORTED_PROBLEMS) {
            problems.add(text);
            System.out.println("  PROBLEM: " + text);
        } else {
            suppressedProblems++;
        }
    }

    private static void printLatencies(String label, List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.println();
        System.out.println(label);
        if (sorted.length == 0) {
            System.out.println("  no successful timed requests");
            return;
        }
        System.out.printf("  count %d, median %.2f ms, p99 %.2f ms, min %.2f ms, max %.2f ms%n", sorted.length,
                nearestRank(sorted, 0.50) / 1e6, nearestRank(sorted, 0.99) / 1e6, sorted[0] / 1e6,
                sorted[sorted.length - 1] / 1e6);
    }

    /** Returns the value at the quantile by the nearest-rank method, so p99 of 40 samples is the largest. */
    private static long nearestRank(long[] sorted, double quantile) {
        int rank = (int) Math.ceil(quantile * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static String abbreviate(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }

    /**
     * Streams a CSV export (RFC 4180 quoting, as WEM's AuditCsv writes it), counts its rows after the header and
     * checks that the seq column falls by exactly 1 from row to row. It works on bytes, which is safe because
     * the comma, the quote and the line feed never occur inside a multi-byte UTF-8 character.
     */
    static final class CsvSeqReader {

        private static final int SEQ_COLUMN = 1;

        long rows;
        long bytes;
        long firstSeq = -1;
        long lastSeq = -1;
        String problem;

        private boolean header = true;
        private boolean quoted;
        private int column;
        private long seq;
        private boolean seqHasDigits;

        void read(InputStream input) throws IOException {
            byte[] buffer = new byte[64 * 1024];
            int count;
            while ((count = input.read(buffer)) > 0) {
                bytes += count;
                for (int i = 0; i < count; i++) {
                    accept(buffer[i]);
                }
            }
            if (column != 0 || quoted) {
                fail("the export ends inside a row, after " + rows + " rows");
            }
        }

        private void accept(byte b) {
            if (quoted) {
                // A quote ends the quoted part. When it was the first half of a doubled quote, the next byte is a
                // quote again and starts a new quoted part, so a doubled quote needs no case of its own.
                if (b == '"') {
                    quoted = false;
                }
                return;
            }
            if (b == '"') {
                quoted = true;
                return;
            }
            if (b == ',') {
                column++;
            } else if (b == '\n') {
                endRow();
            } else if (column == SEQ_COLUMN && !header) {
                if (b >= '0' && b <= '9') {
                    seq = seq * 10 + (b - '0');
                    seqHasDigits = true;
                } else {
                    fail("row " + (rows + 1) + " has a seq that is not a number");
                }
            }
        }

        private void endRow() {
            if (header) {
                header = false;
            } else {
                rows++;
                if (!seqHasDigits) {
                    fail("row " + rows + " has no seq");
                } else if (lastSeq >= 0 && seq != lastSeq - 1) {
                    fail("row " + rows + " has seq " + seq + " after seq " + lastSeq + ", expected " + (lastSeq - 1));
                }
                if (firstSeq < 0) {
                    firstSeq = seq;
                }
                lastSeq = seq;
            }
            column = 0;
            seq = 0;
            seqHasDigits = false;
        }

        private void fail(String text) {
            if (problem == null) {
                problem = text;
            }
        }
    }

    /** A small JSON reader and writer for WEM's responses: objects become LinkedHashMaps, numbers Long or Double. */
    static final class Json {

        private final String text;
        private int position;

        private Json(String text) {
            this.text = text;
        }

        static Object parse(String text) {
            Json json = new Json(text);
            Object value = json.value();
            json.skipWhitespace();
            if (json.position != text.length()) {
                throw json.error("unexpected text after the value");
            }
            return value;
        }

        static String quote(String value) {
            StringBuilder out = new StringBuilder("\"");
            for (char c : value.toCharArray()) {
                switch (c) {
                    case '"' -> out.append("\\\"");
                    case '\\' -> out.append("\\\\");
                    default -> {
                        if (c < 0x20) {
                            out.append(String.format("\\u%04x", (int) c));
                        } else {
                            out.append(c);
                        }
                    }
                }
            }
            return out.append('"').toString();
        }

        /** Writes a parsed value back as JSON, for searching inside the details object. */
        static String write(Object value) {
            if (value instanceof String string) {
                return quote(string);
            }
            if (value instanceof Map<?, ?> map) {
                StringBuilder out = new StringBuilder("{");
                map.forEach((key, item) -> out.append(out.length() > 1 ? "," : "").append(quote((String) key)).append(':').append(write(item)));
                return out.append('}').toString();
            }
            if (value instanceof List<?> list) {
                StringBuilder out = new StringBuilder("[");
                list.forEach(item -> out.append(out.length() > 1 ? "," : "").append(write(item)));
                return out.append(']').toString();
            }
            return String.valueOf(value);
        }

        private Object value() {
            skipWhitespace();
            if (position >= text.length()) {
                throw error("unexpected end of input");
            }
            char c = text.charAt(position);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> number();
            };
        }

        private Map<String, Object> object() {
            Map<String, Object> map = new LinkedHashMap<>();
            position++;
            skipWhitespace();
            if (peek() == '}') {
                position++;
                return map;
            }
            while (true) {
                skipWhitespace();
                String key = string();
                skipWhitespace();
                expect(':');
                map.put(key, value());
                skipWhitespace();
                if (peek() == ',') {
                    position++;
                } else {
                    expect('}');
                    return map;
                }
            }
        }

        private List<Object> array() {
            List<Object> list = new ArrayList<>();
            position++;
            skipWhitespace();
            if (peek() == ']') {
                position++;
                return list;
            }
            while (true) {
                list.add(value());
                skipWhitespace();
                if (peek() == ',') {
                    position++;
                } else {
                    expect(']');
                    return list;
                }
            }
        }

        private String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (true) {
                if (position >= text.length()) {
                    throw error("unterminated string");
                }
                char c = text.charAt(position++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(position++);
                switch (escaped) {
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(position, position + 4), 16));
                        position += 4;
                    }
                    default -> out.append(escaped);
                }
            }
        }

        private Object number() {
            int start = position;
            while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0) {
                position++;
            }
            String number = text.substring(start, position);
            if (number.isEmpty()) {
                throw error("unexpected character '" + text.charAt(start) + "'");
            }
            if (number.contains(".") || number.contains("e") || number.contains("E")) {
                return Double.parseDouble(number);
            }
            return Long.parseLong(number);
        }

        private Object literal(String word, Object value) {
            if (!text.startsWith(word, position)) {
                throw error("expected " + word);
            }
            position += word.length();
            return value;
        }

        private void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            position++;
        }

        private char peek() {
            return position < text.length() ? text.charAt(position) : '\0';
        }

        private void skipWhitespace() {
            while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        private IllegalArgumentException error(String message) {
            return new IllegalArgumentException("invalid JSON at offset " + position + ": " + message);
        }
    }

    static final class Options {

        static final String HELP = """
                Usage: java bench/AuditBench.java [OPTIONS]

                Measures the Audit Log API of a running WEM over HTTP, one request at a time, and checks each response.

                  --url URL             WEM's base URL (default: http://127.0.0.1:8080)
                  --user NAME           an Admin account (default: admin)
                  --password TEXT       its password (default: the WEM_BENCH_PASSWORD environment variable)
                  --limit N             events per page, 1 to 1000 (default: 100)
                  --days N              the failed-sign-in page covers this many days before now (default: 30)
                  --query WORD          the free-text search (default: mustChangePassword)
                  --absent-query WORD   a free-text search that no event matches (default: nosuchword)
                  --warmup N            untimed requests before each first-page measurement (default: 50)
                  --repetitions N       timed requests of each first page (default: 40)
                  --scan-repetitions N  timed requests of each search without a match, after at most 2 untimed (default: 10)
                  --pages N             pages to follow through nextCursor in one walk (default: 100)
                  --paging-runs N       timed walks, after one untimed walk (default: 3)
                  --exports N           timed full CSV exports (default: 2)
                  --verifications N     timed chain verifications, after one untimed one (default: 3)
                  --page-timeout S      timeout in seconds of one page request (default: 60)
                  --long-timeout S      timeout in seconds of one export or verification (default: 900)
                  --help                show this text
                """;

        String baseUrl = "http://127.0.0.1:8080";
        String username = "admin";
        String password = System.getenv(PASSWORD_VARIABLE);
        int limit = 100;
        int days = 30;
        String query = "mustChangePassword";
        String absentQuery = "nosuchword";
        int scanRepetitions = 10;
        // WEM's JVM is still compiling the request path during the first few hundred requests after a start, so a
        // handful of untimed requests leaves the first measured phase slower than the later ones.
        int warmup = 50;
        int repetitions = 40;
        int pages = 100;
        int pagingRuns = 3;
        int exports = 2;
        int verifications = 3;
        Duration pageTimeout = Duration.ofSeconds(60);
        Duration longTimeout = Duration.ofSeconds(900);
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (name.equals("--help")) {
                    options.help = true;
                    return options;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + name + " is missing its value");
                }
                String value = args[++i];
                switch (name) {
                    case "--url" -> options.baseUrl = value.replaceAll("/+$", "");
                    case "--user" -> options.username = value;
                    case "--password" -> options.password = value;
                    case "--limit" -> options.limit = integer(name, value, 1, 1000);
                    case "--days" -> options.days = integer(name, value, 1, 36500);
                    case "--query" -> options.query = value;
                    case "--absent-query" -> options.absentQuery = value;
                    case "--scan-repetitions" -> options.scanRepetitions = integer(name, value, 1, 100_000);
                    case "--warmup" -> options.warmup = integer(name, value, 0, 10_000);
                    case "--repetitions" -> options.repetitions = integer(name, value, 1, 100_000);
                    case "--pages" -> options.pages = integer(name, value, 1, 100_000);
                    case "--paging-runs" -> options.pagingRuns = integer(name, value, 1, 1000);
                    case "--exports" -> options.exports = integer(name, value, 0, 100);
                    case "--verifications" -> options.verifications = integer(name, value, 0, 100);
                    case "--page-timeout" -> options.pageTimeout = Duration.ofSeconds(integer(name, value, 1, 3600));
                    case "--long-timeout" -> options.longTimeout = Duration.ofSeconds(integer(name, value, 1, 86_400));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (options.password == null || options.password.isEmpty()) {
                throw new IllegalArgumentException("the password is missing: pass --password or set " + PASSWORD_VARIABLE);
            }
            if (options.query.isBlank() || options.absentQuery.isBlank()) {
                throw new IllegalArgumentException("--query and --absent-query must not be blank");
            }
            if (!options.baseUrl.startsWith("http://") && !options.baseUrl.startsWith("https://")) {
                throw new IllegalArgumentException("--url must start with http:// or https://, got '" + options.baseUrl + "'");
            }
            return options;
        }

        private static int integer(String name, String value, int minimum, int maximum) {
            try {
                int parsed = Integer.parseInt(value);
                if (parsed >= minimum && parsed <= maximum) {
                    return parsed;
                }
            } catch (NumberFormatException e) {
                // Reported below with the allowed range.
            }
            throw new IllegalArgumentException(name + " must be a whole number from " + minimum + " to " + maximum
                    + ", got '" + value + "'");
        }
    }
}

import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Measures two costs of a running WEM: the latency of sequential sign-ins through {@code POST /api/v1/session},
 * and the latency and throughput of the Dashboard cards fragment ({@code GET /dashboard/overview} as an htmx
 * request) while several signed-in clients request it concurrently.
 *
 * <p>Run it with the JDK's source launcher: {@code java bench/DashboardBench.java --help}. It needs JDK 17 or
 * later and nothing else. The exit status is 0 when every request succeeded, 1 when any request failed
 * (warm-up included) or a client could not sign in, and 2 for invalid options.
 */
public class DashboardBench {

    private static final String SESSION_PATH = "/api/v1/session";
    private static final String FRAGMENT_PATH = "/dashboard/overview";
    private static final String SESSION_COOKIE = "WEM_SESSION";
    private static final String PASSWORD_VARIABLE = "WEM_BENCH_PASSWORD";

    /** Text that every cards fragment contains, so that a 200 with another page in it counts as an error. */
    private static final String FRAGMENT_MARKER = "id=\"overview\"";
    /** Text that the fragment contains only when WEM could not reach the cluster. */
    private static final String UNREACHABLE_MARKER = "id=\"cluster-unreachable\"";

    private static final int MAX_ERROR_BODY_CHARS = 160;

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("DashboardBench: " + e.getMessage());
            System.err.println("Run with --help for the list of options.");
            System.exit(2);
            return;
        }
        if (options.help) {
            System.out.print(Options.HELP);
            return;
        }

        System.out.println("Target: " + options.baseUrl + " as user '" + options.username + "'");
        if (!checkSignIn(options)) {
            System.exit(1);
            return;
        }
        List<PhaseResult> results = new ArrayList<>();

        if (options.signIns > 0) {
            results.add(measureSignIns(options));
        }
        boolean clientsSignedIn = true;
        if (options.clients > 0) {
            PhaseResult dashboard = measureDashboard(options);
            if (dashboard == null) {
                clientsSignedIn = false;
            } else {
                results.add(dashboard);
            }
        }

        printSummary(results);
        boolean anyErrors = !clientsSignedIn || results.stream().anyMatch(result -> result.errorCount() > 0);
        System.exit(anyErrors ? 1 : 0);
    }

    /**
     * Signs in once and returns whether it worked, printing why not. WEM locks an account after repeated
     * failed sign-ins, so a wrong password must stop the program before the phases send hundreds of requests.
     */
    private static boolean checkSignIn(Options options) throws InterruptedException {
        HttpResponse<String> response;
        try {
            response = newClient(options, null).send(signInRequest(options), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            System.err.println("DashboardBench: the first sign-in failed: " + describe(e));
            return false;
        }
        if (response.statusCode() != 200) {
            System.err.println("DashboardBench: the first sign-in failed with HTTP " + response.statusCode() + ": "
                    + abbreviate(response.body()) + ". Check --url, --user and --password.");
            return false;
        }
        return true;
    }

    // ---- Phase 1: sign-in latency -------------------------------------------------------------------------

    /**
     * Signs in {@code signInWarmup + signIns} times, one request after the other over one connection, and times
     * the last {@code signIns}. The client keeps no cookies, so every request creates a new server session.
     * The phase stops at the first 401, because further failures could lock the account.
     */
    private static PhaseResult measureSignIns(Options options) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nSign-in: POST %s, %d warm-up requests, then %d timed, one at a time%n",
                SESSION_PATH, options.signInWarmup, options.signIns);

        HttpClient client = newClient(options, null);
        HttpRequest request = signInRequest(options);
        Recorder warmup = new Recorder();
        Recorder timed = new Recorder();

        boolean rejected = false;
        for (int i = 0; i < options.signInWarmup && !rejected; i++) {
            rejected = sendSignIn(client, request, warmup, options);
        }
        long started = System.nanoTime();
        for (int i = 0; i < options.signIns && !rejected; i++) {
            rejected = sendSignIn(client, request, timed, options);
        }
        double elapsedSeconds = (System.nanoTime() - started) / 1e9;
        if (rejected) {
            System.out.println("  stopped      at the first HTTP 401, so that further failures cannot lock the account");
        }

        PhaseResult result = new PhaseResult("Sign-in (sequential)", timed, warmup, elapsedSeconds);
        result.print();
        return result;
    }

    /** Sends one sign-in and records its outcome. Returns true when WEM rejected the credentials with 401. */
    private static boolean sendSignIn(HttpClient client, HttpRequest request, Recorder recorder, Options options)
            throws InterruptedException {
        long started = System.nanoTime();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            long latency = System.nanoTime() - started;
            if (response.statusCode() == 200) {
                recorder.recordSuccess(latency);
                return false;
            }
            recorder.recordError("HTTP " + response.statusCode(), response.body());
            return response.statusCode() == 401;
        } catch (HttpTimeoutException e) {
            recorder.recordError("timed out after " + options.timeoutSeconds + " s", null);
        } catch (IOException e) {
            recorder.recordError(describe(e), null);
        }
        return false;
    }

    // ---- Phase 2: Dashboard fragment under concurrent clients ---------------------------------------------

    /**
     * Signs in one client per session, then lets every client request the cards fragment in a closed loop for
     * the warm-up and the timed window. Each client sends its next request as soon as it has read the previous
     * response. Returns null when the clients could not all sign in.
     */
    private static PhaseResult measureDashboard(Options options) throws InterruptedException {
        System.out.printf(Locale.ROOT, "%nDashboard fragment: %d clients with separate sessions request GET %s "
                        + "for %d s of warm-up, then %d s timed%n",
                options.clients, FRAGMENT_PATH, options.warmupSeconds, options.durationSeconds);

        List<HttpClient> clients = signInClients(options);
        if (clients == null) {
            return null;
        }

        // Every client uses the same window, so that all of them are running when timing starts.
        long timedStart = System.nanoTime() + Duration.ofSeconds(options.warmupSeconds).toNanos();
        long timedEnd = timedStart + Duration.ofSeconds(options.durationSeconds).toNanos();

        List<Recorder> timedRecorders = new ArrayList<>();
        List<Recorder> warmupRecorders = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            HttpClient client = clients.get(i);
            Recorder timed = new Recorder();
            Recorder warmup = new Recorder();
            timedRecorders.add(timed);
            warmupRecorders.add(warmup);
            Thread thread = new Thread(() -> requestFragments(client, options, timedStart, timedEnd, warmup, timed),
                    "bench-client-" + (i + 1));
            threads.add(thread);
        }
        threads.forEach(Thread::start);

        // A request may start just before the end of the window and then take up to the request timeout.
        long joinDeadline = timedEnd + Duration.ofSeconds(options.timeoutSeconds + 5L).toNanos();
        List<Recorder> finishedTimed = new ArrayList<>();
        List<Recorder> finishedWarmup = new ArrayList<>();
        for (int i = 0; i < threads.size(); i++) {
            Thread thread = threads.get(i);
            long remainingMillis = Math.max(1, (joinDeadline - System.nanoTime()) / 1_000_000);
            thread.join(remainingMillis);
            if (thread.isAlive()) {
                thread.interrupt();
                thread.join(5_000);
            }
            if (thread.isAlive()) {
                // Its recorders may still change, so reading them would race with the thread.
                System.err.println("DashboardBench: " + thread.getName() + " did not stop after its request timed out "
                        + "and an interrupt, so its requests are left out of the results");
                continue;
            }
            finishedTimed.add(timedRecorders.get(i));
            finishedWarmup.add(warmupRecorders.get(i));
        }

        PhaseResult result = new PhaseResult("Dashboard fragment (" + options.clients + " clients)",
                Recorder.merge(finishedTimed), Recorder.merge(finishedWarmup), options.durationSeconds);
        result.print();
        return result;
    }

    /**
     * Returns one HttpClient per requested client, each with its own cookie store and signed in to its own
     * session, or null after printing why a sign-in failed.
     */
    private static List<HttpClient> signInClients(Options options) throws InterruptedException {
        HttpRequest request = signInRequest(options);
        List<HttpClient> clients = new ArrayList<>();
        Set<String> sessionIds = new HashSet<>();

        for (int i = 1; i <= options.clients; i++) {
            CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
            HttpClient client = newClient(options, cookies);
            HttpResponse<String> response;
            try {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                System.err.println("DashboardBench: sign-in of client " + i + " failed: " + describe(e));
                return null;
            }
            if (response.statusCode() != 200) {
                System.err.println("DashboardBench: sign-in of client " + i + " failed with HTTP " + response.statusCode()
                        + ": " + abbreviate(response.body()) + ". Check --user and --password.");
                return null;
            }

            String sessionId = cookies.getCookieStore().getCookies().stream()
                    .filter(cookie -> cookie.getName().equals(SESSION_COOKIE))
                    .map(HttpCookie::getValue)
                    .findFirst()
                    .orElse(null);
            if (sessionId == null) {
                System.err.println("DashboardBench: sign-in of client " + i + " returned 200 without a " + SESSION_COOKIE
                        + " cookie, so the client cannot stay signed in. Check that --url points at WEM over the "
                        + "scheme it serves, because a cookie with the Secure flag is not sent over http.");
                return null;
            }
            sessionIds.add(sessionId);
            clients.add(client);
        }

        if (sessionIds.size() != options.clients) {
            System.err.println("DashboardBench: " + options.clients + " sign-ins returned only " + sessionIds.size()
                    + " distinct " + SESSION_COOKIE + " values, so the clients would share sessions");
            return null;
        }
        System.out.println("Signed in " + clients.size() + " clients with distinct sessions");
        return clients;
    }

    private static void requestFragments(HttpClient client, Options options, long timedStart, long timedEnd,
                                         Recorder warmup, Recorder timed) {
        HttpRequest request = HttpRequest.newBuilder(options.uri(FRAGMENT_PATH))
                .timeout(Duration.ofSeconds(options.timeoutSeconds))
                .header("HX-Request", "true")
                .header("Accept", "text/html")
                .GET()
                .build();

        while (!Thread.currentThread().isInterrupted()) {
            long started = System.nanoTime();
            if (started >= timedEnd) {
                return;
            }
            Recorder recorder = started >= timedStart ? timed : warmup;
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                long latency = System.nanoTime() - started;
                checkFragment(response, latency, recorder);
            } catch (HttpTimeoutException e) {
                recorder.recordError("timed out after " + options.timeoutSeconds + " s", null);
            } catch (IOException e) {
                recorder.recordError(describe(e), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Records a 200 that contains the cards fragment as a success, and anything else as an error. */
    private static void checkFragment(HttpResponse<String> response, long latency, Recorder recorder) {
        if (response.statusCode() != 200) {
            String redirect = response.headers().firstValue("HX-Redirect").orElse(null);
            String kind = "HTTP " + response.statusCode() + (redirect == null ? "" : " (HX-Redirect " + redirect + ")");
            recorder.recordError(kind, response.body());
            return;
        }
        String body = response.body();
        if (!body.contains(FRAGMENT_MARKER)) {
            recorder.recordError("HTTP 200 without the cards fragment", body);
            return;
        }
        recorder.recordSuccess(latency);
        if (body.contains(UNREACHABLE_MARKER)) {
            recorder.recordClusterUnreachable();
        }
    }

    // ---- HTTP helpers -------------------------------------------------------------------------------------

    /** Builds a client that speaks HTTP/1.1, as browsers do to WEM over plain http, and never follows redirects. */
    private static HttpClient newClient(Options options, CookieManager cookies) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(options.timeoutSeconds));
        if (cookies != null) {
            builder.cookieHandler(cookies);
        }
        return builder.build();
    }

    private static HttpRequest signInRequest(Options options) {
        String body = "{\"username\":" + jsonString(options.username)
                + ",\"password\":" + jsonString(options.password) + "}";
        return HttpRequest.newBuilder(options.uri(SESSION_PATH))
                .timeout(Duration.ofSeconds(options.timeoutSeconds))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** Encodes a value as a JSON string literal, escaping quotes, backslashes and control characters. */
    private static String jsonString(String value) {
        StringBuilder json = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    private static String describe(IOException e) {
        if (e instanceof ConnectException) {
            return "connection failed (ConnectException). Check that WEM is running at the --url";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    private static String abbreviate(String body) {
        if (body == null) {
            return "";
        }
        String oneLine = body.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= MAX_ERROR_BODY_CHARS ? oneLine : oneLine.substring(0, MAX_ERROR_BODY_CHARS) + "...";
    }

    // ---- Results ------------------------------------------------------------------------------------------

    private static void printSummary(List<PhaseResult> results) {
        if (results.isEmpty()) {
            System.out.println("Nothing to measure: --sign-ins and --clients are both 0.");
            return;
        }
        System.out.printf(Locale.ROOT, "%nSummary (latency in ms, timed requests only)%n");
        System.out.printf(Locale.ROOT, "%-34s %8s %9s %9s %9s %9s %7s%n",
                "Phase", "Count", "Req/s", "Median", "p99", "Max", "Errors");
        for (PhaseResult result : results) {
            LatencyStats stats = result.timed().stats();
            System.out.printf(Locale.ROOT, "%-34s %8d %9.1f %9s %9s %9s %7d%n",
                    result.name(), result.timed().requestCount(), result.requestsPerSecond(),
                    formatMillis(stats.median()), formatMillis(stats.p99()), formatMillis(stats.max()),
                    result.timed().errorCount());
        }
        for (PhaseResult result : results) {
            if (result.warmup().errorCount() > 0) {
                System.out.printf(Locale.ROOT, "%s also had %d errors during its warm-up (listed above).%n",
                        result.name(), result.warmup().errorCount());
            }
        }
    }

    private static String formatMillis(long nanos) {
        return nanos < 0 ? "-" : String.format(Locale.ROOT, "%.2f", nanos / 1e6);
    }

    /**
     * Outcome of one phase. Requests per second count successful timed requests only, so that fast failures
     * cannot raise the rate.
     */
    private record PhaseResult(String name, Recorder timed, Recorder warmup, double elapsedSeconds) {

        double requestsPerSecond() {
            return elapsedSeconds > 0 ? timed.successCount() / elapsedSeconds : 0;
        }

        /** Errors of the warm-up count too, because a failing server must not look healthy. */
        long errorCount() {
            return timed.errorCount() + warmup.errorCount();
        }

        void print() {
            LatencyStats stats = timed.stats();
            System.out.printf(Locale.ROOT, "  requests     %d timed in %.1f s (%d successful, %d errors)%n",
                    timed.requestCount(), elapsedSeconds, timed.successCount(), timed.errorCount());
            System.out.printf(Locale.ROOT, "  throughput   %.1f successful requests/s%n", requestsPerSecond());
            System.out.printf(Locale.ROOT, "  latency ms   median %s, p99 %s, max %s (successful requests only)%n",
                    formatMillis(stats.median()), formatMillis(stats.p99()), formatMillis(stats.max()));
            timed.printErrors("error (timed)");
            warmup.printErrors("error (warm-up)");
            long unreachable = timed.clusterUnreachableCount() + warmup.clusterUnreachableCount();
            if (unreachable > 0) {
                System.out.printf(Locale.ROOT, "  note         %d fragments reported the cluster as unreachable, so "
                        + "they did not show live figures%n", unreachable);
            }
        }
    }

    /** Median, 99th percentile and maximum in nanoseconds by the nearest-rank method, or -1 each without samples. */
    private record LatencyStats(long median, long p99, long max) {

        static LatencyStats of(long[] sortedNanos) {
            if (sortedNanos.length == 0) {
                return new LatencyStats(-1, -1, -1);
            }
            return new LatencyStats(nearestRank(sortedNanos, 0.50), nearestRank(sortedNanos, 0.99),
                    sortedNanos[sortedNanos.length - 1]);
        }

        private static long nearestRank(long[] sorted, double quantile) {
            int rank = (int) Math.ceil(quantile * sorted.length);
            return sorted[Math.max(0, rank - 1)];
        }
    }

    /**
     * Latencies of successful requests and counts of failed ones, grouped by kind with the first response body
     * of each kind. One recorder belongs to one thread, and {@link #merge} combines them after the threads end.
     */
    private static final class Recorder {

        private long[] latencies = new long[1024];
        private int successCount;
        private long clusterUnreachableCount;
        private final Map<String, Long> errorCounts = new LinkedHashMap<>();
        private final Map<String, String> firstErrorBodies = new LinkedHashMap<>();

        void recordSuccess(long latencyNanos) {
            if (successCount == latencies.length) {
                latencies = Arrays.copyOf(latencies, latencies.length * 2);
            }
            latencies[successCount++] = latencyNanos;
        }

        void recordError(String kind, String body) {
            errorCounts.merge(kind, 1L, Long::sum);
            if (body != null && !body.isBlank()) {
                firstErrorBodies.putIfAbsent(kind, abbreviate(body));
            }
        }

        void recordClusterUnreachable() {
            clusterUnreachableCount++;
        }

        int successCount() {
            return successCount;
        }

        long errorCount() {
            return errorCounts.values().stream().mapToLong(Long::longValue).sum();
        }

        long requestCount() {
            return successCount + errorCount();
        }

        long clusterUnreachableCount() {
            return clusterUnreachableCount;
        }

        LatencyStats stats() {
            long[] sorted = Arrays.copyOf(latencies, successCount);
            Arrays.sort(sorted);
            return LatencyStats.of(sorted);
        }

        void printErrors(String label) {
            errorCounts.forEach((kind, count) -> {
                String body = firstErrorBodies.get(kind);
                System.out.printf(Locale.ROOT, "  %s  %d x %s%s%n", label, count, kind,
                        body == null ? "" : ", first body: " + body);
            });
        }

        static Recorder merge(List<Recorder> recorders) {
            Recorder merged = new Recorder();
            for (Recorder recorder : recorders) {
                for (int i = 0; i < recorder.successCount; i++) {
                    merged.recordSuccess(recorder.latencies[i]);
                }
                merged.clusterUnreachableCount += recorder.clusterUnreachableCount;
                recorder.errorCounts.forEach((kind, count) -> merged.errorCounts.merge(kind, count, Long::sum));
                recorder.firstErrorBodies.forEach(merged.firstErrorBodies::putIfAbsent);
            }
            return merged;
        }
    }

    // ---- Options ------------------------------------------------------------------------------------------

    /** Command-line options with their defaults. */
    private static final class Options {

        static final String HELP = """
                Usage: java bench/DashboardBench.java [OPTIONS]

                Measures a running WEM: sequential sign-ins through POST /api/v1/session, then the Dashboard
                cards fragment (GET /dashboard/overview with HX-Request: true) requested in a closed loop by
                several clients that each hold their own session.

                Options:
                  --url URL              Base URL of WEM (default http://127.0.0.1:8190).
                  --user NAME            Username to sign in as (default admin).
                  --password PASSWORD    Password of that user. Without it, the value of the environment
                                         variable WEM_BENCH_PASSWORD is used, which keeps it out of the
                                         process list.
                  --sign-ins N           Number of timed sequential sign-ins (default 200, 0 skips the phase).
                  --sign-in-warmup N     Number of untimed sign-ins before them (default 10).
                  --clients N            Number of concurrent Dashboard clients, each with its own session
                                         (default 20, 0 skips the phase).
                  --warmup SECONDS       Untimed Dashboard load before the timed window (default 5).
                  --duration SECONDS     Length of the timed Dashboard window (default 30).
                  --timeout SECONDS      Timeout of each connection and request (default 10). A request that
                                         times out counts as an error.
                  --help                 Show this text.

                Latencies are in ms: median, 99th percentile (nearest rank) and maximum of the successful
                timed requests. Requests per second count successful timed requests. Any response other than
                200, and any 200 without the cards fragment, counts as an error and is listed with its status
                and the start of its body. The exit status is 0 without errors, 1 with errors (warm-up
                included) and 2 for invalid options.
                """;

        String baseUrl = "http://127.0.0.1:8190";
        String username = "admin";
        String password;
        int signIns = 200;
        int signInWarmup = 10;
        int clients = 20;
        int warmupSeconds = 5;
        int durationSeconds = 30;
        int timeoutSeconds = 10;
        boolean help;

        static Options parse(String[] args) {
            Options options = new Options();
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (option.equals("--help") || option.equals("-h")) {
                    options.help = true;
                    return options;
                }
                if (!option.startsWith("--")) {
                    throw new IllegalArgumentException("unexpected argument '" + option + "'");
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for " + option);
                }
                String value = args[++i];
                switch (option) {
                    case "--url" -> options.baseUrl = parseBaseUrl(value);
                    case "--user" -> options.username = requireNonBlank(option, value);
                    case "--password" -> options.password = value;
                    case "--sign-ins" -> options.signIns = parseInt(option, value, 0);
                    case "--sign-in-warmup" -> options.signInWarmup = parseInt(option, value, 0);
                    case "--clients" -> options.clients = parseInt(option, value, 0);
                    case "--warmup" -> options.warmupSeconds = parseInt(option, value, 0);
                    case "--duration" -> options.durationSeconds = parseInt(option, value, 1);
                    case "--timeout" -> options.timeoutSeconds = parseInt(option, value, 1);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }

            if (options.password == null) {
                options.password = System.getenv(PASSWORD_VARIABLE);
            }
            if (options.password == null || options.password.isEmpty()) {
                throw new IllegalArgumentException("missing password: pass --password or set " + PASSWORD_VARIABLE);
            }
            return options;
        }

        URI uri(String path) {
            return URI.create(baseUrl + path);
        }

        private static String parseBaseUrl(String value) {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("invalid --url '" + value + "': " + e.getMessage());
            }
            boolean httpScheme = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!httpScheme || uri.getHost() == null) {
                throw new IllegalArgumentException("invalid --url '" + value
                        + "': expected http://HOST:PORT or https://HOST:PORT");
            }
            if (uri.getQuery() != null || uri.getFragment() != null) {
                throw new IllegalArgumentException("invalid --url '" + value + "': remove the query or fragment");
            }
            return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        }

        private static String requireNonBlank(String option, String value) {
            if (value.isBlank()) {
                throw new IllegalArgumentException("invalid " + option + ": the value is empty");
            }
            return value;
        }

        private static int parseInt(String option, String value, int minimum) {
            int number;
            try {
                number = Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid " + option + " '" + value + "': expected a whole number");
            }
            if (number < minimum) {
                throw new IllegalArgumentException("invalid " + option + " " + number + ": the minimum is " + minimum);
            }
            return number;
        }
    }
}

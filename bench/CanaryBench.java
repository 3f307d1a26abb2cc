import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads a running WEM with many canary checks and measures what the scheduler achieves and what the Dashboard costs
 * meanwhile. Phases: (1) the Dashboard cards fragment with only the system checks, as the floor, after an untimed
 * warm-up round; (2) CHECKS Query
 * checks of SELECT 1 every INTERVAL seconds are created and, after a warm-up, the same Dashboard load runs for
 * DURATION seconds while the program reads WEM's own metrics before and after: completed canary runs
 * ({@code wem_canary_checks_total}) and the delay from when a run was due to when it started
 * ({@code wem_canary_schedule_delay_seconds} histogram). The checks are deleted at the end.
 *
 * <p>Run: {@code WEM_BENCH_PASSWORD=... java bench/CanaryBench.java --url http://127.0.0.1:8190 --user admin}.
 * Options: --checks 500, --interval 10, --duration 300, --warmup 30, --floor 30, --clients 4. Exit status 0 when every
 * request succeeded, 1 otherwise.
 */
public class CanaryBench {

    private static final Pattern CSRF = Pattern.compile("\"csrfToken\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern RUNS = Pattern.compile("(?m)^wem_canary_checks_total\\{[^}]*check_name=\"bench-[^\"]*\"[^}]*} ([0-9.eE+]+)$");
    private static final Pattern DELAY_BUCKET = Pattern.compile("(?m)^wem_canary_schedule_delay_seconds_bucket\\{[^}]*le=\"([^\"]+)\"[^}]*} ([0-9.eE+]+)$");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String url = options.getOrDefault("url", "http://127.0.0.1:8190");
        String user = options.getOrDefault("user", "admin");
        int checks = Integer.parseInt(options.getOrDefault("checks", "500"));
        int interval = Integer.parseInt(options.getOrDefault("interval", "10"));
        int duration = Integer.parseInt(options.getOrDefault("duration", "300"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "30"));
        int floor = Integer.parseInt(options.getOrDefault("floor", "30"));
        int clients = Integer.parseInt(options.getOrDefault("clients", "4"));
        String password = System.getenv("WEM_BENCH_PASSWORD");
        if (password == null) {
            System.err.println("CanaryBench: set WEM_BENCH_PASSWORD to the password of --user");
            System.exit(2);
        }

        Session admin = Session.signIn(url, user, password);
        System.out.printf(Locale.ROOT, "Target %s; %d Query checks of SELECT 1 every %d s; Dashboard load from %d clients%n",
                url, checks, interval, clients);

        // An untimed round first, so that the floor is not measured on a cold JVM.
        dashboard(url, user, password, clients, Math.min(floor, 15));
        Latencies floorLatencies = dashboard(url, user, password, clients, floor);
        System.out.println("Floor (system checks only): Dashboard fragment " + floorLatencies.summary());

        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < checks; i++) {
            HttpResponse<String> created = admin.send("POST", "/api/v1/canary-checks", String.format(Locale.ROOT,
                    "{\"name\": \"bench-%04d\", \"type\": \"QUERY\", \"sql\": \"SELECT 1\", \"intervalSeconds\": %d, \"timeoutSeconds\": 5}",
                    i, interval));
            if (created.statusCode() != 201) {
                System.err.println("CanaryBench: creating check " + i + " failed: HTTP " + created.statusCode() + " " + created.body());
                System.exit(1);
            }
            Matcher id = ID.matcher(created.body());
            id.find();
            ids.add(Long.parseLong(id.group(1)));
        }
        System.out.println("Created " + checks + " checks; warming up for " + warmup + " s");
        Thread.sleep(warmup * 1000L);

        String before = admin.send("GET", "/prom/metrics", null).body();
        long started = System.nanoTime();
        Latencies loaded = dashboard(url, user, password, clients, duration);
        double elapsed = (System.nanoTime() - started) / 1e9;
        String after = admin.send("GET", "/prom/metrics", null).body();

        double runs = sum(RUNS, after) - sum(RUNS, before);
        TreeMap<Double, Double> delays = buckets(after);
        TreeMap<Double, Double> delaysBefore = buckets(before);
        delays.replaceAll((le, count) -> count - delaysBefore.getOrDefault(le, 0.0));
        System.out.printf(Locale.ROOT, "Canary runs: %.0f in %.0f s = %.1f runs/s (target %.1f)%n",
                runs, elapsed, runs / elapsed, (double) checks / interval);
        System.out.printf(Locale.ROOT, "Scheduling delay: median <= %s, p99 <= %s (upper bounds of histogram buckets)%n",
                seconds(quantile(delays, 0.5)), seconds(quantile(delays, 0.99)));
        System.out.println("Loaded: Dashboard fragment " + loaded.summary());
        System.out.printf(Locale.ROOT, "Ratio loaded/floor: median %.2f, p99 %.2f%n",
                loaded.percentile(0.5) / floorLatencies.percentile(0.5), loaded.percentile(0.99) / floorLatencies.percentile(0.99));

        for (long id : ids) {
            admin.send("DELETE", "/api/v1/canary-checks/" + id, null);
        }
        System.out.println("Deleted the " + ids.size() + " bench checks");
        System.exit(floorLatencies.errors + loaded.errors == 0 ? 0 : 1);
    }

    /** Runs {@code clients} closed-loop clients on the Dashboard cards fragment for {@code seconds} and returns their latencies. */
    private static Latencies dashboard(String url, String user, String password, int clients, int seconds) throws Exception {
        Latencies latencies = new Latencies();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            Session session = Session.signIn(url, user, password);
            Thread thread = new Thread(() -> {
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> response = session.fragment("/dashboard/overview");
                        latencies.add(System.nanoTime() - start, response.statusCode() == 200 && response.body().contains("id=\"overview\""));
                    } catch (IOException | InterruptedException e) {
                        latencies.add(System.nanoTime() - start, false);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }
        return latencies;
    }

    private static double sum(Pattern pattern, String metrics) {
        Matcher matcher = pattern.matcher(metrics);
        double total = 0;
        while (matcher.find()) {
            total += Double.parseDouble(matcher.group(1));
        }
        return total;
    }

    private static TreeMap<Double, Double> buckets(String metrics) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        Matcher matcher = DELAY_BUCKET.matcher(metrics);
        while (matcher.find()) {
            double le = matcher.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(matcher.group(1));
            buckets.merge(le, Double.parseDouble(matcher.group(2)), Double::sum);
        }
        return buckets;
    }

    /** Returns the upper bound of the cumulative bucket that reaches the quantile. */
    private static double quantile(TreeMap<Double, Double> cumulative, double quantile) {
        double total = cumulative.isEmpty() ? 0 : cumulative.lastEntry().getValue();
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= quantile * total) {
                return bucket.getKey();
            }
        }
        return Double.NaN;
    }

    private static String seconds(double value) {
        return Double.isInfinite(value) ? "+Inf" : String.format(Locale.ROOT, "%.1f ms", value * 1000);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new TreeMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }

    /** A signed-in API session with its CSRF token. */
    private record Session(String url, HttpClient http, String csrf) {

        static Session signIn(String url, String user, String password) throws Exception {
            HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
            String body = "{\"username\": \"" + user + "\", \"password\": \"" + password.replace("\"", "\\\"") + "\"}";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher token = CSRF.matcher(response.body());
            if (response.statusCode() != 200 || !token.find()) {
                throw new IllegalStateException("Sign-in failed: HTTP " + response.statusCode() + " " + response.body());
            }
            return new Session(url, http, token.group(1));
        }

        HttpResponse<String> send(String method, String path, String json) throws Exception {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .header("X-CSRF-TOKEN", csrf).header("Accept", "application/json, text/plain");
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> fragment(String path) throws IOException, InterruptedException {
            return http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .header("HX-Request", "true").GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Latencies of successful requests and a count of failed ones, safe for several client threads. */
    private static final class Latencies {

        private long[] values = new long[4096];
        private int count;
        private int errors;

        synchronized void add(long nanos, boolean ok) {
            if (!ok) {
                errors++;
                return;
            }
            if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
            }
            values[count++] = nanos;
        }

        synchronized double percentile(double quantile) {
            if (count == 0) {
                return Double.NaN;
            }
            long[] sorted = Arrays.copyOf(values, count);
            Arrays.sort(sorted);
            return sorted[Math.min(count - 1, (int) Math.ceil(quantile * count) - 1)] / 1e6;
        }

        synchronized String summary() {
            return String.format(Locale.ROOT, "%d requests, %d errors, median %.1f ms, p99 %.1f ms", count, errors,
                    percentile(0.5), percentile(0.99));
        }
    }
}

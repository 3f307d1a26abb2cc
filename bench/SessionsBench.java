import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times the Query Monitor's sessions fragment ({@code GET /queries/live}, the table that the page reloads every 5 s)
 * against the floor of a plain psql read of {@code SELECT * FROM pg_stat_activity} on the same cluster. The two run
 * in alternating rounds, one request or query at a time, so that both see the same machine load. psql's own
 * {@code \timing} gives the floor: the time from sending the query to having the whole result, without starting psql.
 *
 * <p>Run through bench/sessions_run.sh, which prepares the cluster and WEM. Options: --rounds 10, --per-round 50,
 * --warmup 50, --sessions 2000 (the sessions that the fragment's Total card must count at least). Exit status 0 when every request
 * succeeded, 1 otherwise.
 */
public class SessionsBench {

    private static final Pattern TIMING = Pattern.compile("(?m)^Time: ([0-9.]+) ms");
    private static final Pattern ROW = Pattern.compile("data-pid=\"");
    private static final Pattern TOTAL = Pattern.compile("id=\"card-total\">(\\d+)<");

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        String url = options.getOrDefault("url", "http://127.0.0.1:8290");
        String user = options.getOrDefault("user", "admin");
        String psql = options.getOrDefault("psql", "psql");
        String clusterPort = options.getOrDefault("cluster-port", "8291");
        int rounds = Integer.parseInt(options.getOrDefault("rounds", "10"));
        int perRound = Integer.parseInt(options.getOrDefault("per-round", "50"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "50"));
        int sessions = Integer.parseInt(options.getOrDefault("sessions", "2000"));
        String password = System.getenv("WEM_BENCH_PASSWORD");
        if (password == null) {
            System.err.println("SessionsBench: set WEM_BENCH_PASSWORD to the password of --user");
            System.exit(2);
        }

        HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(5)).build();
        String body = "{\"username\":\"" + user + "\",\"password\":\"" + password.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
        HttpResponse<String> signIn = client.send(HttpRequest.newBuilder(URI.create(url + "/api/v1/session"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (signIn.statusCode() != 200) {
            System.err.println("SessionsBench: sign-in failed with HTTP " + signIn.statusCode() + ": " + signIn.body());
            System.exit(1);
        }
        HttpRequest fragment = HttpRequest.newBuilder(URI.create(url + "/queries/live")).timeout(Duration.ofSeconds(30)).build();

        HttpResponse<String> first = client.send(fragment, HttpResponse.BodyHandlers.ofString());
        System.out.printf(Locale.ROOT, "Fragment: HTTP %d, %d sessions counted, %d table rows, %d KiB of HTML%n",
                first.statusCode(), total(first.body()), countRows(first.body()),
                first.body().getBytes(StandardCharsets.UTF_8).length / 1024);
        if (first.statusCode() != 200 || total(first.body()) < sessions) {
            System.err.println("SessionsBench: the fragment counts " + total(first.body()) + " sessions, expected at least " + sessions);
            System.exit(1);
        }

        List<Double> psqlWarmup = psqlRound(psql, clusterPort, warmup);
        List<Double> fragmentWarmup = fragmentRound(client, fragment, warmup, sessions);
        if (psqlWarmup.size() != warmup || fragmentWarmup == null) {
            System.exit(1);
        }

        List<Double> floor = new ArrayList<>();
        List<Double> measured = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            floor.addAll(psqlRound(psql, clusterPort, perRound));
            List<Double> timings = fragmentRound(client, fragment, perRound, sessions);
            if (timings == null) {
                System.exit(1);
            }
            measured.addAll(timings);
        }
        if (floor.size() != rounds * perRound) {
            System.err.println("SessionsBench: psql reported " + floor.size() + " timings, expected " + rounds * perRound);
            System.exit(1);
        }

        System.out.printf(Locale.ROOT, "%nFloor, psql SELECT * FROM pg_stat_activity: %d queries, median %.1f ms, p99 %.1f ms%n",
                floor.size(), percentile(floor, 50), percentile(floor, 99));
        System.out.printf(Locale.ROOT, "WEM GET /queries/live:                      %d requests, median %.1f ms, p99 %.1f ms%n",
                measured.size(), percentile(measured, 50), percentile(measured, 99));
        System.out.printf(Locale.ROOT, "Ratio WEM / psql: median %.1f, p99 %.1f%n",
                percentile(measured, 50) / percentile(floor, 50), percentile(measured, 99) / percentile(floor, 99));
    }

    /** Runs {@code count} reads of pg_stat_activity in one psql session and returns psql's timing of each. */
    private static List<Double> psqlRound(String psql, String port, int count) throws IOException, InterruptedException {
        Path script = Files.createTempFile("sessions-bench", ".sql");
        try {
            StringBuilder text = new StringBuilder("\\timing on\n");
            for (int i = 0; i < count; i++) {
                text.append("SELECT * FROM pg_stat_activity;\n");
            }
            Files.writeString(script, text);
            Process process = new ProcessBuilder(psql, "-h", "127.0.0.1", "-p", port, "-U", "postgres", "-d", "postgres",
                    "-X", "-q", "-o", "/dev/null", "-f", script.toString()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                System.err.println("SessionsBench: psql failed: " + output);
            }
            List<Double> timings = new ArrayList<>();
            Matcher matcher = TIMING.matcher(output);
            while (matcher.find()) {
                timings.add(Double.parseDouble(matcher.group(1)));
            }
            return timings;
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Requests the fragment {@code count} times and returns each time in milliseconds, or null after a failure. */
    private static List<Double> fragmentRound(HttpClient client, HttpRequest fragment, int count, int sessions)
            throws IOException, InterruptedException {
        List<Double> timings = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = client.send(fragment, HttpResponse.BodyHandlers.ofString());
            timings.add((System.nanoTime() - start) / 1e6);
            if (response.statusCode() != 200 || total(response.body()) < sessions) {
                System.err.println("SessionsBench: the fragment returned HTTP " + response.statusCode() + " counting "
                        + total(response.body()) + " sessions");
                return null;
            }
        }
        return timings;
    }

    /** Returns the Total sessions card's number, or -1 when the fragment has none. */
    private static int total(String html) {
        Matcher matcher = TOTAL.matcher(html);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : -1;
    }

    private static int countRows(String html) {
        Matcher matcher = ROW.matcher(html);
        int rows = 0;
        while (matcher.find()) {
            rows++;
        }
        return rows;
    }

    /** Returns the nearest-rank percentile of the values. */
    private static double percentile(List<Double> values, int percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }
}

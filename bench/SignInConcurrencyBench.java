import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Concurrent sign-ins against a running WEM: THREADS clients call POST /api/v1/session in a closed loop for
 * SECONDS seconds. Half sign in as USER, half as an unknown user, so every request writes an audit event (LOGIN or
 * FAILED_LOGIN) through the audit chain's single writer and no account locks. Prints sign-ins per second and the
 * median and p99 latency. Usage: java bench/SignInConcurrencyBench.java URL USER PASSWORD [THREADS] [SECONDS]
 */
public class SignInConcurrencyBench {

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java bench/SignInConcurrencyBench.java URL USER PASSWORD [THREADS] [SECONDS]");
            System.exit(2);
        }
        String url = args[0] + "/api/v1/session";
        String user = args[1];
        String password = args[2];
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : 8;
        int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 20;
        // A second account takes the wrong passwords, so the measured account is never locked.
        String wrongUser = "bench-nobody";

        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicLong errors = new AtomicLong();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        for (int t = 0; t < threads; t++) {
            boolean right = t % 2 == 0;
            pool.submit(() -> {
                HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
                String body = right
                        ? "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}"
                        : "{\"username\":\"" + wrongUser + "\",\"password\":\"wrong\"}";
                HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
                while (running.get()) {
                    long start = System.nanoTime();
                    try {
                        int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status != (right ? 200 : 401)) {
                            errors.incrementAndGet();
                        }
                    } catch (Exception e) {
                        errors.incrementAndGet();
                    }
                    latencies.add(System.nanoTime() - start);
                }
                return null;
            });
        }
        Thread.sleep(3_000);
        latencies.clear();
        errors.set(0);
        long measuredFrom = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        running.set(false);
        double elapsed = (System.nanoTime() - measuredFrom) / 1e9;
        pool.shutdown();
        pool.awaitTermination(60, TimeUnit.SECONDS);

        List<Long> sorted;
        synchronized (latencies) {
            sorted = new ArrayList<>(latencies);
        }
        Collections.sort(sorted);
        System.out.printf("threads %d, %d requests in %.1f s: %.1f sign-ins/s, median %.1f ms, p99 %.1f ms, errors %d%n",
                threads, sorted.size(), elapsed, sorted.size() / elapsed, percentile(sorted, 50), percentile(sorted, 99),
                errors.get());
    }

    private static double percentile(List<Long> sorted, int percent) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}

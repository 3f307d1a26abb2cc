package io.wem.observe;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import io.wem.settings.SettingsStore;
import io.wem.web.CsvCells;
import io.wem.web.WemException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Searches, counts, exports and follows log lines in Loki for the Logs panel and the logs API. WEM reads Loki in
 * batches of at most {@link LokiClient#MAX_BATCH} lines, newest first, moving the end of the range back to the
 * oldest line read, so a result of up to {@link #MAX_LIMIT} lines never requests more from Loki than its default limit.
 */
@Service
public class LogsService {

    static final int DEFAULT_LIMIT = 1000;
    static final int MAX_LIMIT = 100_000;
    /** Above this many lines a search warns that it is slow to read and to show. */
    static final int LARGE_LIMIT = 10_000;
    static final String NOT_CONFIGURED = "Loki is not configured. An Admin can set its URL in Management > Settings.";
    static final String CSV_HEADER = "time,severity,host,segment,user,database,line\n";

    private final SettingsStore settings;
    private final LokiClient loki;

    LogsService(SettingsStore settings, LokiClient loki) {
        this.settings = settings;
        this.loki = loki;
    }

    /** A log line as the panel and the API show it, with the labels that WEM reads named. */
    public record LogLine(String time, long timeNanos, String severity, String host, String segment, String user,
                          String database, String line, Map<String, String> labels) {

        /** Returns the time as an instant, for the page to show in the server's time zone. */
        public Instant instant() {
            return Instant.ofEpochSecond(0, timeNanos);
        }

        static LogLine of(LokiClient.Line line) {
            Map<String, String> labels = line.labels();
            Instant time = Instant.ofEpochSecond(0, line.timeNanos());
            return new LogLine(time.toString(), line.timeNanos(), labels.getOrDefault("severity", ""), labels.getOrDefault("host", ""),
                    labels.getOrDefault("segment", ""), labels.getOrDefault("user", ""), labels.getOrDefault("database", ""),
                    line.text(), labels);
        }
    }

    /** Counts of a whole result by severity, for the cards. */
    public record Summary(int total, int errors, int warnings, int fatal) {
    }

    /**
     * One search: its LogQL, the counts over the whole result up to the limit, the first rows for the table, the
     * position before which the next rows start (null when there are none), and whether the limit cut the result.
     */
    public record Result(String query, Summary summary, List<LogLine> rows, Long nextBefore, boolean truncated) {
    }

    static int validLimit(Integer limit) {
        int value = limit == null ? DEFAULT_LIMIT : limit;
        if (value < 1 || value > MAX_LIMIT) {
            throw WemException.invalid("limit", "limit must be between 1 and " + MAX_LIMIT + ", got " + value);
        }
        return value;
    }

    /** Reads up to {@code limit} lines, newest first, and returns the counts with the first {@code rows} lines. */
    public Result search(String query, long startNanos, long endNanos, int limit, int rows) {
        int[] counts = new int[4];
        List<LogLine> first = new ArrayList<>();
        int read = each(query, startNanos, endNanos, limit, line -> {
            counts[0]++;
            switch (line.severity()) {
                case "ERROR" -> counts[1]++;
                case "WARNING" -> counts[2]++;
                case "FATAL", "PANIC" -> counts[3]++;
                default -> { }
            }
            if (first.size() < rows) {
                first.add(line);
            }
        });
        Long nextBefore = read > first.size() && !first.isEmpty() ? first.get(first.size() - 1).timeNanos() : null;
        return new Result(query, new Summary(counts[0], counts[1], counts[2], counts[3]), first, nextBefore, read >= limit);
    }

    /** Reads the lines older than {@code beforeNanos}, up to {@code rows}, for the table's next page. */
    public List<LogLine> page(String query, long startNanos, long beforeNanos, int rows) {
        List<LogLine> lines = new ArrayList<>();
        each(query, startNanos, beforeNanos, rows, lines::add);
        return lines;
    }

    /** Reads lines in either direction for the API. */
    public List<LogLine> lines(String query, long startNanos, long endNanos, int limit, boolean forward) {
        if (!forward) {
            return page(query, startNanos, endNanos, limit);
        }
        List<LogLine> lines = new ArrayList<>();
        long start = startNanos;
        while (lines.size() < limit) {
            LokiClient.Lines batch = loki.queryRange(url(), query, start, endNanos, Math.min(LokiClient.MAX_BATCH, limit - lines.size()), true);
            failOn(batch);
            batch.lines().forEach(line -> lines.add(LogLine.of(line)));
            if (batch.lines().size() < LokiClient.MAX_BATCH) {
                break;
            }
            start = batch.lines().get(batch.lines().size() - 1).timeNanos() + 1;
        }
        return lines;
    }

    /** Writes the result, newest first and up to {@code limit} lines, as CSV. */
    public void exportCsv(String query, long startNanos, long endNanos, int limit, Writer writer) throws IOException {
        writer.write(CSV_HEADER);
        try {
            each(query, startNanos, endNanos, limit, line -> {
                try {
                    writer.write(String.join(",", line.time(), CsvCells.cell(line.severity()), CsvCells.cell(line.host()),
                            CsvCells.cell(line.segment()), CsvCells.cell(line.user()), CsvCells.cell(line.database()),
                            CsvCells.cell(line.line())) + "\n");
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Returns the lines after {@code afterNanos} up to now, oldest first, for the live tail. */
    List<LogLine> newerThan(String query, long afterNanos, long nowNanos) {
        LokiClient.Lines batch = loki.queryRange(url(), query, afterNanos + 1, nowNanos + 1, LokiClient.MAX_BATCH, true);
        failOn(batch);
        return batch.lines().stream().map(LogLine::of).toList();
    }

    public LokiClient.Values labels(String name, long startNanos, long endNanos) {
        return name == null || name.isBlank() ? loki.labels(url(), startNanos, endNanos) : loki.labelValues(url(), name, startNanos, endNanos);
    }

    /**
     * Passes up to {@code limit} lines, newest first, to {@code consumer}, reading batch by batch with the end moved
     * back to the oldest line read. Lines at that boundary time that were already passed are skipped.
     */
    private int each(String query, long startNanos, long endNanos, int limit, Consumer<LogLine> consumer) {
        long end = endNanos;
        int passed = 0;
        Set<String> boundary = new HashSet<>();
        while (passed < limit) {
            // Lines at the boundary time come back again and are skipped, so the batch requests that many more.
            int want = Math.min(LokiClient.MAX_BATCH, limit - passed + boundary.size());
            LokiClient.Lines batch = loki.queryRange(url(), query, startNanos, end, want, false);
            failOn(batch);
            int fresh = 0;
            long oldest = end;
            Set<String> oldestKeys = new HashSet<>();
            for (LokiClient.Line line : batch.lines()) {
                String key = line.timeNanos() + "\u0000" + line.labels() + "\u0000" + line.text();
                if (boundary.contains(key) || passed >= limit) {
                    continue;
                }
                consumer.accept(LogLine.of(line));
                passed++;
                fresh++;
                if (line.timeNanos() < oldest) {
                    oldest = line.timeNanos();
                    oldestKeys.clear();
                }
                if (line.timeNanos() == oldest) {
                    oldestKeys.add(key);
                }
            }
            if (batch.lines().size() < want || fresh == 0) {
                break;
            }
            // The next batch ends just after the oldest time read, so lines sharing that time are not lost.
            end = oldest + 1;
            boundary = oldestKeys;
        }
        return passed;
    }

    private String url() {
        String url = settings.current().lokiUrl();
        if (url == null) {
            // A 409, not a 5xx: the request is fine, but WEM is not set up for it yet.
            throw WemException.conflict(NOT_CONFIGURED);
        }
        return url;
    }

    private static void failOn(LokiClient.Lines batch) {
        if (batch.rejected()) {
            throw WemException.invalid("query", batch.error());
        }
        if (batch.error() != null) {
            throw new WemException(HttpStatus.BAD_GATEWAY, batch.error(), null);
        }
    }
}

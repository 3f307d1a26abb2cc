package io.wem.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wem.web.CsvCells;
import io.wem.web.WemException;
import org.springframework.stereotype.Service;

/** Searches, charts and exports the slow statements that {@link SlowQueryCollector} stored. */
@Service
public class SlowQueryService {

    static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    static final int MAX_EXPORT_ROWS = 100_000;
    static final String CSV_HEADER = "loggedAt,durationMs,user,database,application,sessionId,query\n";
    /** Hourly buckets at most in one chart: 90 days. */
    static final int MAX_CHART_HOURS = 90 * 24;

    private final SlowQueryRepository repository;
    private final Clock clock;

    SlowQueryService(SlowQueryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    /** One page and the cursor of the next, null on the last page. */
    public record Page(List<SlowQuery> slowQueries, String nextCursor) {
    }

    /**
     * Slow statements per hour: the start of each hour (epoch seconds), the number of statements and their total
     * duration in milliseconds, for every hour of the range including empty ones.
     */
    public record Histogram(List<Long> hours, List<Integer> counts, List<Double> totalMs) {
    }

    /**
     * Validates request parameters into a filter. {@code from} and {@code to} are ISO-8601 instants and default to the
     * last 24 hours; every invalid value is a 400 that names its parameter.
     */
    SlowQueryFilter filter(String from, String to, String user, String database, String minDurationMs, String q,
                           boolean includeOwn, String sort, String limit, String cursor) {
        Map<String, String> problems = new LinkedHashMap<>();
        Instant now = clock.instant();
        Instant end = instant("to", to, now, problems);
        Instant start = instant("from", from, (end == null ? now : end).minus(DEFAULT_RANGE), problems);
        if (start != null && end != null && !start.isBefore(end)) {
            problems.put("from", "from must be before to, got from " + start + " and to " + end);
        }
        Double minDuration = null;
        if (present(minDurationMs)) {
            try {
                minDuration = Double.valueOf(minDurationMs.strip());
                if (minDuration < 0 || minDuration.isNaN() || minDuration.isInfinite()) {
                    problems.put("minDurationMs", "minDurationMs must be 0 or more milliseconds, got '" + minDurationMs + "'");
                }
            } catch (NumberFormatException e) {
                problems.put("minDurationMs", "minDurationMs must be a number of milliseconds, got '" + minDurationMs + "'");
            }
        }
        if (present(q) && q.strip().length() > SlowQueryFilter.MAX_TEXT_LENGTH) {
            problems.put("q", "q must be at most " + SlowQueryFilter.MAX_TEXT_LENGTH + " characters, got " + q.strip().length());
        }
        SlowQueryFilter.Sort order = SlowQueryFilter.Sort.TIME;
        if (present(sort)) {
            switch (sort.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "time" -> order = SlowQueryFilter.Sort.TIME;
                case "duration" -> order = SlowQueryFilter.Sort.DURATION;
                default -> problems.put("sort", "sort must be time or duration, got '" + sort + "'");
            }
        }
        int pageSize = SlowQueryFilter.DEFAULT_LIMIT;
        if (present(limit)) {
            try {
                pageSize = Integer.parseInt(limit.strip());
                if (pageSize < 1 || pageSize > SlowQueryFilter.MAX_LIMIT) {
                    problems.put("limit", "limit must be between 1 and " + SlowQueryFilter.MAX_LIMIT + ", got " + pageSize);
                }
            } catch (NumberFormatException e) {
                problems.put("limit", "limit must be a whole number between 1 and " + SlowQueryFilter.MAX_LIMIT + ", got '" + limit + "'");
            }
        }
        if (problems.size() == 1) {
            Map.Entry<String, String> problem = problems.entrySet().iterator().next();
            throw WemException.invalid(problem.getKey(), problem.getValue());
        }
        if (!problems.isEmpty()) {
            throw WemException.invalid(problems);
        }
        return new SlowQueryFilter(start, end, trimmed(user), trimmed(database), minDuration, trimmed(q), includeOwn, order, pageSize,
                SlowQueryFilter.Cursor.parse(cursor, order));
    }

    public Page search(SlowQueryFilter filter) {
        List<SlowQuery> rows = repository.search(filter);
        if (rows.size() <= filter.limit()) {
            return new Page(rows, null);
        }
        List<SlowQuery> page = rows.subList(0, filter.limit());
        SlowQuery last = page.get(page.size() - 1);
        double value = filter.sort() == SlowQueryFilter.Sort.DURATION
                ? last.durationMs()
                : ChronoUnit.MICROS.between(Instant.EPOCH, last.loggedAt());
        return new Page(List.copyOf(page), new SlowQueryFilter.Cursor(filter.sort(), value, last.id()).encode());
    }

    public SlowQuery get(long id) {
        return repository.find(id).orElseThrow(() -> WemException.notFound("No slow query with id " + id
                + "; it may have been removed after WEM_SLOW_QUERY_RETENTION_DAYS"));
    }

    public Histogram histogram(SlowQueryFilter filter) {
        Instant first = filter.from().truncatedTo(ChronoUnit.HOURS);
        long hours = Math.min(MAX_CHART_HOURS, Math.max(1, Duration.between(first, filter.to().minusNanos(1)).toHours() + 1));
        Instant chartStart = filter.to().minusNanos(1).truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(hours - 1));
        int[] counts = new int[(int) hours];
        double[] totals = new double[(int) hours];
        repository.timings(filter, (loggedAt, durationMs) -> {
            long index = Duration.between(chartStart, loggedAt).toHours();
            if (index >= 0 && index < hours && !loggedAt.isBefore(chartStart)) {
                counts[(int) index]++;
                totals[(int) index] += durationMs;
            }
        });
        List<Long> starts = new ArrayList<>();
        List<Integer> countList = new ArrayList<>();
        List<Double> totalList = new ArrayList<>();
        for (int i = 0; i < hours; i++) {
            starts.add(chartStart.plus(Duration.ofHours(i)).getEpochSecond());
            countList.add(counts[i]);
            totalList.add(Math.round(totals[i] * 1000) / 1000.0);
        }
        return new Histogram(starts, countList, totalList);
    }

    /** Writes the matching statements, newest first and at most {@link #MAX_EXPORT_ROWS}, as CSV. */
    public void exportCsv(SlowQueryFilter filter, Writer writer) throws IOException {
        writer.write(CSV_HEADER);
        try {
            repository.each(filter, MAX_EXPORT_ROWS, query -> {
                try {
                    writer.write(String.join(",", query.loggedAt().toString(), Double.toString(query.durationMs()),
                            CsvCells.cell(query.user()), CsvCells.cell(query.database()), CsvCells.cell(query.application()),
                            CsvCells.cell(query.sessionId()), CsvCells.cell(query.query())) + "\n");
                } catch (IOException e) {
                    // Stops reading rows once the client has gone.
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static Instant instant(String name, String value, Instant fallback, Map<String, String> problems) {
        if (!present(value)) {
            return fallback;
        }
        try {
            return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
            problems.put(name, name + " must be an ISO-8601 time in UTC such as 2026-12-05T08:00:00Z, got '" + value + "'");
            return null;
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }

    private static String trimmed(String value) {
        return present(value) ? value.strip() : null;
    }
}

package dev.tributary.jobs.examples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What {@code examples/iot/pipeline.yaml} must land, computed in plain Java over its input files: no Flink, no block
 * code. Rows are rendered as {@code a|b|c} text so they compare with what is read back from the lake.
 */
final class IotExpectations {
    static final Duration OUT_OF_ORDERNESS = Duration.ofSeconds(30);
    static final Duration READINGS_LATENESS = Duration.ofMinutes(2);
    static final Duration ALARMS_LATENESS = Duration.ofMinutes(2);
    static final Duration VERSIONS_LATENESS = Duration.ofMinutes(10);
    static final Duration LOWER = Duration.ofMinutes(-1);
    static final Duration UPPER = Duration.ofMinutes(1);

    record Reading(String id, String device, Instant ts, BigDecimal temperature) {}

    record Alarm(String id, String device, Instant ts, int severity) {}

    record Version(String device, String site, String firmware, Instant validFrom, String op) {}

    /** A reading with its alarms and device version: one silver row. */
    record Enriched(Reading r, int alarmCount, Integer maxSeverity, boolean critical, String site, String firmware,
            Instant validFrom) {}

    final List<Reading> readings;
    final List<Alarm> alarms;
    final List<Version> versions;

    private IotExpectations(List<Reading> readings, List<Alarm> alarms, List<Version> versions) {
        this.readings = readings;
        this.alarms = alarms;
        this.versions = versions;
    }

    /** The three files as bronze lands them: in file order, the first of each de-duplication key kept. */
    static IotExpectations read(Path dir) throws IOException {
        List<Reading> readings = distinct(lines(dir.resolve("readings.jsonl")).stream().map(n -> new Reading(n.get("reading_id").asText(),
                text(n, "device_id"), Instant.parse(n.get("reading_ts").asText()),
                new BigDecimal(n.get("temperature").asText()).setScale(2))).collect(Collectors.toList()), Reading::id);
        List<Alarm> alarms = distinct(lines(dir.resolve("alarms.jsonl")).stream().map(n -> new Alarm(n.get("alarm_id").asText(),
                text(n, "device_id"), Instant.parse(n.get("alarm_ts").asText()), n.get("severity").asInt()))
                .collect(Collectors.toList()), Alarm::id);
        List<Version> versions = distinct(lines(dir.resolve("device_versions.jsonl")).stream().map(n -> new Version(
                n.get("device_id").asText(), text(n, "site"), text(n, "firmware"), Instant.parse(n.get("valid_from").asText()),
                n.get("op").asText())).collect(Collectors.toList()), v -> v.device() + "|" + v.validFrom() + "|" + v.op());
        return new IotExpectations(readings, alarms, versions);
    }

    /**
     * Records that a STREAMING run may find too late: event time at or before the newest event time read before
     * them minus the out-of-orderness, 1 ms and the allowed lateness (the watermark can be no further than that).
     * Whether they are late depends on when the reader emitted its periodic watermark; nothing else can be late.
     */
    static <T> Set<String> mayBeLate(List<T> inFileOrder, Function<T, Instant> time, Function<T, String> id, Duration lateness) {
        Set<String> out = new HashSet<>();
        Instant max = Instant.MIN;
        for (T t : inFileOrder) {
            Instant bound = max.equals(Instant.MIN) ? Instant.MIN
                    : max.minus(OUT_OF_ORDERNESS).minusMillis(1).minus(lateness);
            if (!time.apply(t).isAfter(bound)) {
                out.add(id.apply(t));
            }
            max = time.apply(t).isAfter(max) ? time.apply(t) : max;
        }
        return out;
    }

    /** silver/readings_enriched (and, its first seven columns, readings_alarmed) without the given late records. */
    List<Enriched> enriched(Set<String> lateReadings, Set<String> lateAlarms) {
        List<Enriched> out = new ArrayList<>();
        for (Reading r : readings) {
            if (lateReadings.contains(r.id())) {
                continue;
            }
            int count = 0;
            Integer max = null;
            boolean critical = false;
            for (Alarm a : alarms) {
                if (r.device() != null && r.device().equals(a.device()) && !lateAlarms.contains(a.id())
                        && !a.ts().isBefore(r.ts().plus(LOWER)) && !a.ts().isAfter(r.ts().plus(UPPER))) {
                    count++;
                    max = max == null ? a.severity() : Math.max(max, a.severity());
                    critical |= a.severity() >= 3;
                }
            }
            Version v = null;
            for (Version c : versions) {
                if (r.device() != null && c.device().equals(r.device()) && !c.validFrom().isAfter(r.ts())
                        && (v == null || c.validFrom().isAfter(v.validFrom()))) {
                    v = c;
                }
            }
            boolean known = v != null && !"d".equals(v.op());
            out.add(new Enriched(r, count, max, critical, known ? v.site() : "unassigned", known ? v.firmware() : null,
                    known ? v.validFrom() : null));
        }
        return out;
    }

    static List<String> alarmedRows(List<Enriched> rows) {
        return rows.stream().map(e -> join(e.r().id(), e.r().device(), e.r().ts(), e.r().temperature(), e.alarmCount(),
                e.maxSeverity(), e.critical())).sorted().collect(Collectors.toList());
    }

    static List<String> enrichedRows(List<Enriched> rows) {
        return rows.stream().map(e -> join(e.r().id(), e.r().device(), e.r().ts(), e.r().temperature(), e.alarmCount(),
                e.maxSeverity(), e.critical(), e.site(), e.firmware(), e.validFrom())).sorted().collect(Collectors.toList());
    }

    /** gold/site_5m: window_start, window_end, site, readings, alarmed_readings, avg_temperature, max, alarmed_share. */
    static List<String> site5m(List<Enriched> rows) {
        List<String> out = new ArrayList<>();
        windows(rows, Duration.ofMinutes(5)).forEach((key, group) -> {
            long n = group.size();
            long alarmed = group.stream().filter(e -> e.alarmCount() > 0).count();
            BigDecimal sum = group.stream().map(e -> e.r().temperature()).reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal max = group.stream().map(e -> e.r().temperature()).max(BigDecimal::compareTo).orElseThrow();
            out.add(join(key.get(0), key.get(1), key.get(2), n, alarmed, sum.divide(BigDecimal.valueOf(n), 3, RoundingMode.HALF_EVEN),
                    max, BigDecimal.valueOf(alarmed).divide(BigDecimal.valueOf(n), 4, RoundingMode.HALF_EVEN)));
        });
        return out.stream().sorted().collect(Collectors.toList());
    }

    /** gold/site_hourly: ..., site, readings, devices, critical_readings, alarms, avg_temperature, alarms_per_reading. */
    static List<String> siteHourly(List<Enriched> rows) {
        List<String> out = new ArrayList<>();
        windows(rows, Duration.ofHours(1)).forEach((key, group) -> {
            long n = group.size();
            long devices = group.stream().map(e -> e.r().device()).filter(Objects::nonNull).distinct().count();
            long critical = group.stream().filter(Enriched::critical).count();
            long alarms = group.stream().mapToLong(Enriched::alarmCount).sum();
            BigDecimal sum = group.stream().map(e -> e.r().temperature()).reduce(BigDecimal.ZERO, BigDecimal::add);
            out.add(join(key.get(0), key.get(1), key.get(2), n, devices, critical, alarms,
                    sum.divide(BigDecimal.valueOf(n), 3, RoundingMode.HALF_EVEN),
                    BigDecimal.valueOf(alarms).divide(BigDecimal.valueOf(n), 3, RoundingMode.HALF_UP)));
        });
        return out.stream().sorted().collect(Collectors.toList());
    }

    /** Tumbling event-time windows aligned to the epoch, by site: (window_start, window_end, site) to rows. */
    private static Map<List<Object>, List<Enriched>> windows(List<Enriched> rows, Duration size) {
        Map<List<Object>, List<Enriched>> out = new TreeMap<>((a, b) -> a.toString().compareTo(b.toString()));
        for (Enriched e : rows) {
            long ms = e.r().ts().toEpochMilli();
            Instant start = Instant.ofEpochMilli(ms - Math.floorMod(ms, size.toMillis()));
            out.computeIfAbsent(List.of(start, start.plus(size), e.site()), k -> new ArrayList<>()).add(e);
        }
        return out;
    }

    static String join(Object... values) {
        StringBuilder sb = new StringBuilder();
        for (Object v : values) {
            sb.append(v).append('|');
        }
        return sb.toString();
    }

    private static List<JsonNode> lines(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(json.readTree(line));
            }
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static <T> List<T> distinct(List<T> rows, Function<T, String> key) {
        Map<String, T> first = new LinkedHashMap<>();
        rows.forEach(r -> first.putIfAbsent(key.apply(r), r));
        return new ArrayList<>(first.values());
    }
}

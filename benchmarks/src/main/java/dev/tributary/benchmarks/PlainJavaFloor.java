package dev.tributary.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.jobs.bronze.BronzeJob;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.lake.RowParquetWriters;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.demo.reference.SilverSchemas;
import dev.tributary.transforms.api.RecordSchema;
import org.apache.flink.api.common.serialization.BulkWriter;
import org.apache.flink.core.fs.local.LocalDataOutputStream;
import org.apache.flink.types.Row;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reference (b), the physical floor: one thread, no Flink. Reads the same files, parses with Jackson, applies the
 * same checks, rules and HMAC/masking, de-duplicates with a HashSet, joins and aggregates in memory and writes the
 * same Parquet through the library's {@link RowParquetWriters}. It needs no watermarks, no late routing, no state
 * backend, no checkpoints and no serialization between operators: that is the point of a floor.
 */
final class PlainJavaFloor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CURRENCIES = Set.of("EUR", "USD", "GBP", "CHF", "SEK", "PLN");

    final Map<String, Long> counts = new TreeMap<>();
    private final int level;
    private final Path lake;
    private final Map<String, BulkWriter<Row>> writers = new HashMap<>();
    private final Mac mac;

    PlainJavaFloor(int level, Path lake) throws Exception {
        this.level = level;
        this.lake = lake;
        mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode("YmVuY2htYXJrLWtleS1ub3QtYS1zZWNyZXQ="), "HmacSHA256"));
    }

    void run(Path data) throws Exception {
        List<Row> orders = dataset(data, "orders", ReferenceSchemas.ORDERS_SCHEMA);
        List<Row> payments = dataset(data, "payments", ReferenceSchemas.PAYMENTS_SCHEMA);
        if (level >= 5) {
            silverAndGold(data, orders, payments);
        }
        for (BulkWriter<Row> w : writers.values()) {
            w.finish();
        }
    }

    private List<Row> dataset(Path data, String ds, RecordSchema schema) throws Exception {
        RecordSchema landed = BronzeSchemas.landed(schema);
        Set<String> seen = new HashSet<>();
        List<Row> kept = new ArrayList<>();
        List<Path> files;
        try (var s = Files.list(BenchData.dataset(data, ds))) {
            files = s.sorted().collect(Collectors.toList());
        }
        long lines = 0;
        long parsed = 0;
        long valid = 0;
        long duplicates = 0;
        for (Path f : files) {
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines++;
                    if (level == 0) {
                        continue;
                    }
                    JsonNode n;
                    try {
                        n = JSON.readTree(line);
                    } catch (IOException e) {
                        continue;
                    }
                    parsed++;
                    if (level == 1) {
                        continue;
                    }
                    Row row = decode(n, schema, landed.arity(), ds, lines);
                    if (row == null) {
                        continue;
                    }
                    valid++;
                    if (level >= 4 && !seen.add((String) row.getField(0))) {
                        duplicates++;
                        continue;
                    }
                    if (level >= 3) {
                        Instant ts = (Instant) row.getField(2);
                        write("bronze/" + ds, landed, "event_date=" + ts.atZone(ZoneOffset.UTC).toLocalDate(), row);
                    }
                    if (level >= 5) {
                        kept.add(row);
                    }
                }
            }
        }
        counts.put("java." + ds + ".lines", lines);
        counts.put("java." + ds + ".parsed", parsed);
        counts.put("java." + ds + ".valid", valid);
        counts.put("java." + ds + ".landed", valid - duplicates);
        return kept;
    }

    /** Typed row with the same checks as the bronze decoder (required, types) plus rules and PII; null if invalid. */
    private Row decode(JsonNode n, RecordSchema schema, int arity, String ds, long offset) {
        Row row = Row.withPositions(arity);
        boolean orders = ds.equals("orders");
        for (int i = 0; i < schema.arity(); i++) {
            String name = schema.fieldNames().get(i);
            JsonNode v = n.get(name);
            boolean required = schema.field(name).isRequired();
            if (v == null || v.isNull()) {
                if (required) {
                    return null;
                }
                continue;
            }
            if (name.endsWith("_ts")) {
                if (!v.isTextual()) {
                    return null;
                }
                row.setField(i, Instant.parse(v.asText()));
            } else if (name.equals("amount")) {
                if (!v.isNumber()) {
                    return null;
                }
                row.setField(i, v.decimalValue().setScale(2, RoundingMode.UNNECESSARY));
            } else {
                if (!v.isTextual()) {
                    return null;
                }
                row.setField(i, v.asText());
            }
        }
        // Rules (WARN): evaluated and counted, rows kept.
        boolean ok = ((BigDecimal) row.getField(3)).signum() > 0 && (!orders || CURRENCIES.contains((String) row.getField(4)));
        if (!ok) {
            counts.merge("java." + ds + ".warned", 1L, Long::sum);
        }
        if (orders) {
            row.setField(6, row.getField(6) == null ? null : token((String) row.getField(6)));
            row.setField(7, mask((String) row.getField(7)));
            row.setField(8, row.getField(8) == null ? null : "[redacted]");
        } else {
            row.setField(6, mask((String) row.getField(6)));
        }
        int m = schema.arity();
        row.setField(m, ds);
        row.setField(m + 2, offset);
        row.setField(m + 4, Instant.now());
        return row;
    }

    private String token(String value) {
        byte[] h = mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        return "v1:" + Base64.getUrlEncoder().withoutPadding().encodeToString(h);
    }

    private static String mask(String value) {
        if (value == null) {
            return null;
        }
        int keep = Math.min(4, value.length());
        return "*".repeat(value.length() - keep) + value.substring(value.length() - keep);
    }

    private void silverAndGold(Path data, List<Row> orders, List<Row> payments) throws Exception {
        Map<String, List<Row>> byOrder = new HashMap<>();
        for (Row p : payments) {
            byOrder.computeIfAbsent((String) p.getField(1), k -> new ArrayList<>(2)).add(p);
        }
        Map<String, TreeMap<Instant, String[]>> customers = new HashMap<>();
        for (String line : Files.readAllLines(data.resolve(BenchData.CUSTOMERS_FILE))) {
            JsonNode c = JSON.readTree(line);
            customers.computeIfAbsent(c.get("customer_id").asText(), k -> new TreeMap<>())
                    .put(Instant.parse(c.get("updated_at").asText()), new String[] {c.get("segment").asText(), c.get("country").asText()});
        }
        RecordSchema enriched = SilverSchemas.ORDERS_ENRICHED_SCHEMA;
        Duration window = BenchData.PAYMENT_WINDOW;
        Map<String, Object[]> hourly = new HashMap<>();
        Map<Instant, Object[]> daily = new TreeMap<>();
        long silverRows = 0;
        for (Row o : orders) {
            Instant ts = (Instant) o.getField(2);
            boolean paid = false;
            int attempts = 0;
            int failed = 0;
            BigDecimal paidAmount = BigDecimal.ZERO.setScale(2);
            Instant first = null;
            for (Row p : byOrder.getOrDefault((String) o.getField(0), List.of())) {
                Instant pts = (Instant) p.getField(2);
                if (pts.isBefore(ts) || pts.isAfter(ts.plus(window))) {
                    continue;
                }
                attempts++;
                first = first == null || pts.isBefore(first) ? pts : first;
                if ("failed".equals(p.getField(5))) {
                    failed++;
                } else {
                    paid = true;
                    paidAmount = paidAmount.add((BigDecimal) p.getField(3));
                }
            }
            TreeMap<Instant, String[]> versions = customers.get((String) o.getField(1));
            Map.Entry<Instant, String[]> v = versions == null ? null : versions.floorEntry(ts);
            Row s = Row.withPositions(enriched.arity());
            for (int i = 0; i < ReferenceSchemas.ORDERS_SCHEMA.arity(); i++) {
                s.setField(i, o.getField(i));
            }
            s.setField(SilverSchemas.PAID, paid);
            s.setField(SilverSchemas.PAYMENT_COUNT, attempts);
            s.setField(SilverSchemas.FAILED_PAYMENT_COUNT, failed);
            s.setField(SilverSchemas.PAID_AMOUNT, paidAmount);
            s.setField(SilverSchemas.FIRST_PAYMENT_TS, first);
            s.setField(SilverSchemas.CUSTOMER_SEGMENT, v == null ? null : v.getValue()[0]);
            s.setField(SilverSchemas.CUSTOMER_COUNTRY, v == null ? null : v.getValue()[1]);
            s.setField(SilverSchemas.CUSTOMER_VALID_FROM, v == null ? null : v.getKey());
            write("silver/orders_enriched", enriched, "order_date=" + ts.atZone(ZoneOffset.UTC).toLocalDate(), s);
            silverRows++;
            if (level >= 6) {
                Instant hour = ts.truncatedTo(ChronoUnit.HOURS);
                String seg = v == null ? GoldSchemas.UNKNOWN : v.getValue()[0];
                String country = v == null ? GoldSchemas.UNKNOWN : v.getValue()[1];
                Object[] h = hourly.computeIfAbsent(hour + "|" + seg + "|" + country,
                        k -> new Object[] {hour, seg, country, 0L, 0L, BigDecimal.ZERO.setScale(2)});
                h[3] = (Long) h[3] + 1;
                h[4] = (Long) h[4] + (paid ? 1 : 0);
                h[5] = ((BigDecimal) h[5]).add(paidAmount);
                Instant day = ts.truncatedTo(ChronoUnit.DAYS);
                Object[] d = daily.computeIfAbsent(day, k -> new Object[] {0L, 0L, 0L, 0L, BigDecimal.ZERO.setScale(2)});
                d[0] = (Long) d[0] + 1;
                d[1] = (Long) d[1] + (paid ? 1 : 0);
                d[2] = (Long) d[2] + attempts;
                d[3] = (Long) d[3] + failed;
                d[4] = ((BigDecimal) d[4]).add(paidAmount);
            }
        }
        counts.put("java.silver.rows", silverRows);
        if (level >= 6) {
            long goldOrders = 0;
            for (Object[] h : hourly.values()) {
                Instant start = (Instant) h[0];
                long n = (Long) h[3];
                long paidN = (Long) h[4];
                BigDecimal rev = (BigDecimal) h[5];
                write("gold/revenue_hourly", GoldSchemas.REVENUE_HOURLY_SCHEMA, "window_date=" + start.atZone(ZoneOffset.UTC).toLocalDate(),
                        Row.of(start, start.plus(Duration.ofHours(1)), h[1], h[2], n, paidN, rev,
                                paidN == 0 ? null : rev.divide(BigDecimal.valueOf(paidN), 2, RoundingMode.HALF_EVEN)));
            }
            for (Map.Entry<Instant, Object[]> e : daily.entrySet()) {
                Object[] d = e.getValue();
                long n = (Long) d[0];
                goldOrders += n;
                write("gold/payment_conversion_daily", GoldSchemas.PAYMENT_CONVERSION_DAILY_SCHEMA,
                        "window_date=" + e.getKey().atZone(ZoneOffset.UTC).toLocalDate(),
                        Row.of(e.getKey(), e.getKey().plus(Duration.ofDays(1)), n, d[1],
                                BigDecimal.valueOf((Long) d[1]).divide(BigDecimal.valueOf(n), 4, RoundingMode.HALF_EVEN),
                                d[2], d[3], d[4]));
            }
            counts.put("java.gold.orders", goldOrders);
        }
    }

    /**
     * The floor writes the same files as the library: bronze tables with the columns the bronze job writes without
     * a dictionary ({@code BronzeJob.table(ds).plainColumns()}). {@code -Dbench.floor.dictionaryEverywhere=true}
     * (e.g. through BENCH_CHILD_OPTS) writes every column with a dictionary, as before session 5.
     */
    private static List<String> plainColumns(String table) {
        if (Boolean.getBoolean("bench.floor.dictionaryEverywhere")) {
            return List.of();
        }
        for (DatasetDef ds : LibraryLadder.datasets()) {
            if (table.equals("bronze/" + ds.name())) {
                return BronzeJob.table(ds).plainColumns();
            }
        }
        return List.of();
    }

    private void write(String table, RecordSchema schema, String partition, Row row) throws IOException {
        String key = table + "/" + partition;
        BulkWriter<Row> w = writers.get(key);
        if (w == null) {
            Path dir = lake.resolve(table).resolve(partition);
            Files.createDirectories(dir);
            w = RowParquetWriters.factory(schema, plainColumns(table)).create(new LocalDataOutputStream(dir.resolve("part-0.parquet").toFile()));
            writers.put(key, w);
        }
        w.addElement(row);
    }
}

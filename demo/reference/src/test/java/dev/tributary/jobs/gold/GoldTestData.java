package dev.tributary.jobs.gold;

import dev.tributary.demo.reference.GoldJob;
import dev.tributary.demo.reference.GoldSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.demo.reference.SilverDef;

import org.apache.flink.types.Row;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;

import static dev.tributary.jobs.silver.SilverTestRows.customer;
import static dev.tributary.jobs.silver.SilverTestRows.order;
import static dev.tributary.jobs.silver.SilverTestRows.payment;

/**
 * Scripted, seeded orders / payments / customer changes for the silver + gold ITCases, their arrival orders
 * (shuffled within the declared out-of-orderness) and the gold marts computed independently in plain Java.
 */
final class GoldTestData {

    static final Instant T0 = Instant.parse("2026-01-05T21:00:00Z");
    static final Duration OUT_OF_ORDERNESS = Duration.ofMinutes(5);
    static final Duration LATENESS = Duration.ofMinutes(1);
    static final Duration UPPER = Duration.ofMinutes(30);
    static final int CUSTOMERS = 12;
    /** c-00 moves from retail to vip at this time; it has orders on both sides. */
    static final Instant C00_CHANGE = T0.plus(Duration.ofHours(2));

    static final DatasetDef ORDERS = def(ReferenceSchemas.ORDERS_SCHEMA, "order_ts", "order_id");
    static final DatasetDef PAYMENTS = def(ReferenceSchemas.PAYMENTS_SCHEMA, "payment_ts", "payment_id");
    static final DatasetDef CUSTOMERS_DEF = def(ReferenceSchemas.CUSTOMERS_SCHEMA, "updated_at", "customer_id");
    static final SilverDef SILVER = SilverDef.builder(ORDERS, PAYMENTS, CUSTOMERS_DEF)
            .paymentInterval(Duration.ZERO, UPPER).build();

    final List<Row> orders = new ArrayList<>();
    final List<Row> payments = new ArrayList<>();
    final List<Row> customers = new ArrayList<>();

    static DatasetDef def(dev.tributary.transforms.api.RecordSchema schema, String eventTime, String key) {
        return DatasetDef.builder(schema)
                .eventTime(eventTime, OUT_OF_ORDERNESS)
                .allowedLateness(LATENESS)
                .dedupe(List.of(key), Duration.ofHours(1))
                .build();
    }

    /** {@code n} orders every ~90 s from {@link #T0} (crossing midnight), 12 customers, mixed payment outcomes. */
    static GoldTestData generate(int n, long seed) {
        Random rnd = new Random(seed);
        GoldTestData d = new GoldTestData();
        String[] segments = {"retail", "pro", "vip"};
        String[] countries = {"FR", "DE"};
        Instant initial = T0.minus(Duration.ofDays(1));
        for (int c = 0; c < CUSTOMERS - 1; c++) {
            d.customers.add(customer(cid(c), segments[c % 3], countries[c % 2], initial.plusSeconds(c)));
        }
        // c-11 only exists from T0+1h: its earlier orders have no customer version (segment "unknown").
        d.customers.add(customer(cid(11), "pro", "DE", T0.plus(Duration.ofHours(1))));
        d.customers.add(customer(cid(0), "vip", "FR", C00_CHANGE));
        d.customers.add(customer(cid(1), "pro", "FR", T0.plus(Duration.ofHours(3))));
        for (int i = 0; i < n; i++) {
            Instant ts = T0.plusSeconds(90L * i + rnd.nextInt(60)).plusMillis(rnd.nextInt(1000));
            String amount = BigDecimal.valueOf(500 + rnd.nextInt(20_000), 2).toPlainString();
            String oid = String.format("o-%04d", i);
            d.orders.add(order(oid, cid(i % CUSTOMERS), ts, amount));
            int outcome = rnd.nextInt(10);
            if (outcome < 6) {
                d.payments.add(payment("p-" + i + "-a", oid, ts.plusSeconds(10 + rnd.nextInt(1190)), amount, "captured"));
            } else if (outcome == 6) {
                d.payments.add(payment("p-" + i + "-a", oid, ts.plusSeconds(60), amount, "failed"));
                d.payments.add(payment("p-" + i + "-b", oid, ts.plusSeconds(300), amount, "captured"));
            } else if (outcome == 7) {
                d.payments.add(payment("p-" + i + "-a", oid, ts.plusSeconds(30), amount, "failed"));
            } else if (outcome == 8) {
                d.payments.add(payment("p-" + i + "-a", oid, ts.plus(UPPER).plusSeconds(900), amount, "captured"));
            }
        }
        return d;
    }

    static String cid(int c) {
        return String.format("c-%02d", c);
    }

    /** Arrival order: each record delayed by a random amount within the out-of-orderness, then sorted. */
    static List<Row> arrival(List<Row> rows, int tsPos, long seed) {
        Random rnd = new Random(seed);
        long ooo = OUT_OF_ORDERNESS.toMillis();
        Map<Row, Long> key = new java.util.IdentityHashMap<>();
        for (Row r : rows) {
            key.put(r, ((Instant) r.getField(tsPos)).toEpochMilli() + (long) (rnd.nextDouble() * (ooo - 1)));
        }
        List<Row> out = new ArrayList<>(rows);
        out.sort(Comparator.comparingLong((ToLongFunction<Row>) key::get));
        return out;
    }

    // ---- expected gold, in plain Java ------------------------------------------------------------

    /** Expected {@code revenue_hourly} rows as strings, sorted. */
    static List<String> expectedRevenueHourly(List<Row> orders, List<Row> payments, List<Row> customers) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> revenue = new TreeMap<>();
        for (Row o : orders) {
            Instant ts = (Instant) o.getField(2);
            Instant hour = ts.truncatedTo(ChronoUnit.HOURS);
            String[] sc = segmentCountry(customers, (String) o.getField(1), ts);
            String k = hour + "|" + hour.plus(Duration.ofHours(1)) + "|" + sc[0] + "|" + sc[1];
            Outcome out = outcome(o, payments);
            long[] c = counts.computeIfAbsent(k, x -> new long[2]);
            c[0]++;
            c[1] += out.paid ? 1 : 0;
            revenue.merge(k, out.paidAmount, BigDecimal::add);
        }
        List<String> rows = new ArrayList<>();
        for (String k : counts.keySet()) {
            long[] c = counts.get(k);
            BigDecimal rev = revenue.get(k).setScale(2);
            BigDecimal aov = c[1] == 0 ? null : rev.divide(BigDecimal.valueOf(c[1]), 2, RoundingMode.HALF_EVEN);
            rows.add(k + "|" + c[0] + "|" + c[1] + "|" + rev + "|" + aov);
        }
        return rows;
    }

    /** Expected {@code payment_conversion_daily} rows as strings, sorted. */
    static List<String> expectedConversionDaily(List<Row> orders, List<Row> payments) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, BigDecimal> revenue = new TreeMap<>();
        for (Row o : orders) {
            Instant day = ((Instant) o.getField(2)).truncatedTo(ChronoUnit.DAYS);
            String k = day + "|" + day.plus(Duration.ofDays(1));
            Outcome out = outcome(o, payments);
            long[] c = counts.computeIfAbsent(k, x -> new long[4]);
            c[0]++;
            c[1] += out.paid ? 1 : 0;
            c[2] += out.attempts;
            c[3] += out.failed;
            revenue.merge(k, out.paidAmount, BigDecimal::add);
        }
        List<String> rows = new ArrayList<>();
        for (String k : counts.keySet()) {
            long[] c = counts.get(k);
            BigDecimal rate = BigDecimal.valueOf(c[1]).divide(BigDecimal.valueOf(c[0]), 4, RoundingMode.HALF_EVEN);
            rows.add(k + "|" + c[0] + "|" + c[1] + "|" + rate + "|" + c[2] + "|" + c[3] + "|" + revenue.get(k).setScale(2));
        }
        return rows;
    }

    static String[] segmentCountry(List<Row> customers, String customerId, Instant at) {
        Row best = null;
        for (Row c : customers) {
            Instant from = (Instant) c.getField(5);
            if (c.getField(0).equals(customerId) && !from.isAfter(at)
                    && (best == null || from.isAfter((Instant) best.getField(5)))) {
                best = c;
            }
        }
        return best == null ? new String[] {"unknown", "unknown"} : new String[] {(String) best.getField(3), (String) best.getField(4)};
    }

    static final class Outcome {
        boolean paid;
        int attempts;
        int failed;
        BigDecimal paidAmount = BigDecimal.ZERO.setScale(2);
    }

    static Outcome outcome(Row o, List<Row> payments) {
        Outcome out = new Outcome();
        Instant ts = (Instant) o.getField(2);
        for (Row p : payments) {
            Instant pts = (Instant) p.getField(2);
            if (!p.getField(1).equals(o.getField(0)) || pts.isBefore(ts) || pts.isAfter(ts.plus(UPPER))) {
                continue;
            }
            out.attempts++;
            if ("failed".equals(p.getField(5))) {
                out.failed++;
            } else {
                out.paid = true;
                out.paidAmount = out.paidAmount.add((BigDecimal) p.getField(3));
            }
        }
        return out;
    }

    // ---- gold rows read back ---------------------------------------------------------------------

    static List<String> revenueHourly(List<Row> rows) {
        return rows.stream().map(r -> r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2) + "|" + r.getField(3) + "|"
                + r.getField(4) + "|" + r.getField(5) + "|" + r.getField(6) + "|" + r.getField(7)).sorted().collect(Collectors.toList());
    }

    static List<String> conversionDaily(List<Row> rows) {
        return rows.stream().map(r -> r.getField(0) + "|" + r.getField(1) + "|" + r.getField(2) + "|" + r.getField(3) + "|"
                + r.getField(4) + "|" + r.getField(5) + "|" + r.getField(6) + "|" + r.getField(7)).sorted().collect(Collectors.toList());
    }
}

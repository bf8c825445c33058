package dev.tributary.benchmarks;

import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.demo.datagen.Customer;
import dev.tributary.demo.datagen.ExpectedCounts;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.JsonLinesWriter;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.transforms.api.RecordSchema;
import org.apache.flink.types.Row;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The benchmark input: the reference generator's orders and payments as JSON-lines files (one file per
 * dataset and per slot of parallelism, so every reader has work), plus the customers as JSON lines, and
 * the exact counts a correct run must reproduce. Every variant reads exactly these files.
 */
final class BenchData {

    static final String CUSTOMERS_FILE = "customers.jsonl";

    /**
     * The reference datasets without their sync group. Watermark alignment is not supported by the file
     * source's non-splittable format per split, and the benchmark reads each dataset from files.
     */
    static final DatasetDef ORDERS = unsynced(ReferencePipeline.ORDERS);
    static final DatasetDef PAYMENTS = unsynced(ReferencePipeline.PAYMENTS);
    static final DatasetDef CUSTOMERS = DatasetDef.builder(ReferenceSchemas.CUSTOMERS_SCHEMA)
            .eventTime("updated_at", Duration.ofSeconds(5))
            .allowedLateness(Duration.ofMinutes(1))
            .dedupe(List.of("customer_id"), Duration.ofHours(1))
            .build();
    /** Payments within 10 min of their order belong to it: the generator's payment window. */
    static final Duration PAYMENT_WINDOW = GeneratorConfig.defaults().paymentWindow();

    private BenchData() {}

    static DatasetDef unsynced(DatasetDef d) {
        return DatasetDef.builder(d.schema())
                .eventTime(d.eventTimeColumn(), d.outOfOrderness())
                .allowedLateness(d.allowedLateness())
                .idleTimeout(d.idleTimeout())
                .dedupe(d.dedupeKey(), d.dedupeRetention())
                .pii(d.pii())
                .build();
    }

    /** About 1.9 events per order (as the demo sizes it): orders plus ~0.85 payments plus duplicates. */
    static GeneratorConfig config(long events, long seed) {
        return GeneratorConfig.builder().seed(seed).orders(Math.max(50, events * 10 / 19)).build();
    }

    static ExpectedCounts expected(GeneratorConfig config) {
        return new ReferenceDataGenerator(config).expected();
    }

    /** Orders and payments events (the "events" every figure is per). */
    static long events(ExpectedCounts e) {
        return e.orders().emitted() + e.payments().emitted();
    }

    static Path dataset(Path dir, String dataset) {
        return dir.resolve(dataset);
    }

    /** Writes {@code dir/orders/*.jsonl}, {@code dir/payments/*.jsonl} and {@code dir/customers.jsonl}. */
    static void write(Path dir, GeneratorConfig config, int filesPerDataset) throws IOException {
        for (String ds : new String[] {ReferenceSchemas.ORDERS, ReferenceSchemas.PAYMENTS}) {
            Path d = dataset(dir, ds);
            Files.createDirectories(d);
        }
        Path tmp = dir.resolve("tmp");
        var written = JsonLinesWriter.write(tmp, config, filesPerDataset);
        for (var e : written.entrySet()) {
            for (Path p : e.getValue()) {
                Files.move(p, dataset(dir, e.getKey()).resolve(p.getFileName()));
            }
        }
        Files.delete(tmp);
        try (BufferedWriter w = Files.newBufferedWriter(dir.resolve(CUSTOMERS_FILE), StandardCharsets.UTF_8)) {
            for (Customer c : customers(config)) {
                w.write("{\"customer_id\":\"" + c.customerId() + "\",\"name\":\"" + c.name() + "\",\"email\":\"" + c.email()
                        + "\",\"segment\":\"" + c.segment() + "\",\"country\":\"" + c.country() + "\",\"updated_at\":\""
                        + c.updatedAt() + "\"}\n");
            }
        }
    }

    /** Every customer version (initial rows and changes), in {@code updated_at} order. */
    static List<Customer> customers(GeneratorConfig config) {
        ReferenceDataGenerator g = new ReferenceDataGenerator(config);
        List<Customer> all = new ArrayList<>(g.customers());
        all.addAll(g.customerChanges());
        all.sort(Comparator.comparing(Customer::updatedAt));
        return all;
    }

    /** Customer versions as landed bronze {@code customers} rows (what silver's as-of join reads). */
    static List<Row> customerRows(GeneratorConfig config) {
        RecordSchema landed = BronzeSchemas.landed(ReferenceSchemas.CUSTOMERS_SCHEMA);
        List<Row> rows = new ArrayList<>();
        long offset = 0;
        for (Customer c : customers(config)) {
            Row r = Row.withPositions(landed.arity());
            r.setField(0, c.customerId());
            r.setField(1, c.name());
            r.setField(2, c.email());
            r.setField(3, c.segment());
            r.setField(4, c.country());
            r.setField(5, c.updatedAt());
            r.setField(6, "customers");
            r.setField(8, offset++);
            r.setField(10, c.updatedAt());
            rows.add(r);
        }
        return rows;
    }
}

package dev.tributary.benchmarks.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.jobs.bronze.BronzeDecoder;
import dev.tributary.jobs.bronze.BronzeSchemas;
import dev.tributary.demo.datagen.GeneratorConfig;
import dev.tributary.demo.datagen.ReferenceDataGenerator;
import dev.tributary.demo.reference.ReferencePipeline;
import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.quality.RuleSet;
import dev.tributary.quality.api.Violation;
import dev.tributary.transforms.api.PiiKey;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.builtin.PiiMasker;
import org.apache.flink.types.Row;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JMH micro-benchmarks of the per-record hot paths: JSON decode (library vs plain Jackson tree), PII protection
 * (one HMAC token; the orders policy: hash + mask + redact), rule evaluation (none, the 2 reference rules, 10
 * rules). The dedupe step and the Parquet file roll are in {@link BronzeOperatorBenchmarks}. Run: see
 * benchmarks/README.md.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED"})
@State(Scope.Thread)
public class HotPathBenchmarks {

    static final RecordSchema IN_FLIGHT = BronzeSchemas.inFlight(ReferenceSchemas.ORDERS_SCHEMA);
    private static final ObjectMapper JSON = new ObjectMapper();

    private String[] payloads;
    private Row[] rows;
    private int i;
    private BronzeDecoder decoder;
    private PiiMasker masker;
    private RuleSet none;
    private RuleSet reference;
    private RuleSet ten;
    private Instant now;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        ReferenceDataGenerator g = new ReferenceDataGenerator(GeneratorConfig.builder().orders(4096).clean().build());
        payloads = new String[4096];
        rows = new Row[4096];
        decoder = new BronzeDecoder(ReferenceSchemas.ORDERS_SCHEMA, true);
        for (int k = 0; k < payloads.length; k++) {
            payloads[k] = g.order(k).getPayload();
            rows[k] = decoder.decode(payloads[k], "orders", 0, (long) k, null);
        }
        masker = new PiiMasker(ReferenceSchemas.ORDERS_SCHEMA, ReferencePipeline.ORDERS.pii(),
                new PiiKey("bench", "YmVuY2htYXJrLWtleS1ub3QtYS1zZWNyZXQ="));
        none = RuleSet.forDataset(IN_FLIGHT).build();
        reference = RuleSet.forDataset(IN_FLIGHT)
                .range("amount_positive", "amount").minExclusive(BigDecimal.ZERO).warn()
                .allowed("known_currency", "currency").values("EUR", "USD", "GBP", "CHF", "SEK", "PLN").warn()
                .build();
        ten = RuleSet.forDataset(IN_FLIGHT)
                .notNull("ids", "order_id", "customer_id").warn()
                .notNull("time", "order_ts").warn()
                .range("amount_positive", "amount").minExclusive(BigDecimal.ZERO).warn()
                .range("amount_cap", "amount").max(new BigDecimal("100000")).warn()
                .allowed("known_currency", "currency").values("EUR", "USD", "GBP", "CHF", "SEK", "PLN").warn()
                .allowed("known_status", "status").values("created", "confirmed", "shipped", "cancelled", "placed").warn()
                .pattern("order_id_shape", "order_id").regex("o-[0-9]+").warn()
                .pattern("customer_id_shape", "customer_id").regex("c-[0-9]+").warn()
                .pattern("email_shape", "email").regex("[^@]+@[^@]+").warn()
                .notNull("source", "_source").warn()
                .build();
        ten.open();
        reference.open();
        none.open();
        now = Instant.parse("2026-01-05T12:00:00Z");
    }

    private int next() {
        i = (i + 1) & 4095;
        return i;
    }

    @Benchmark
    public Row parseLibraryDecoder() {
        return decoder.decode(payloads[next()], "orders", 0, 1L, null);
    }

    @Benchmark
    public JsonNode parseJacksonTree() throws Exception {
        return JSON.readTree(payloads[next()]);
    }

    @Benchmark
    public String piiHmacToken() {
        return masker.token((String) rows[next()].getField(6));
    }

    @Benchmark
    public Row piiOrdersPolicy() {
        return masker.apply(Row.copy(rows[next()]));
    }

    @Benchmark
    public List<Violation> rulesNone() {
        return none.evaluate(rows[next()], now);
    }

    @Benchmark
    public List<Violation> rulesReference2() {
        return reference.evaluate(rows[next()], now);
    }

    @Benchmark
    public List<Violation> rules10() {
        return ten.evaluate(rows[next()], now);
    }
}

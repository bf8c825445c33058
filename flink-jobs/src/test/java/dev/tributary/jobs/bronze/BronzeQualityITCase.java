package dev.tributary.jobs.bronze;

import dev.tributary.demo.datagen.GeneratorSourceFactory;
import dev.tributary.jobs.cli.RunSummary;
import dev.tributary.demo.datagen.EventKind;
import dev.tributary.demo.datagen.GeneratedEvent;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.jobs.lake.LakeLayout;
import dev.tributary.jobs.lake.LakeSinks;
import dev.tributary.quality.RuleSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Quality rules inside bronze (issue 3, "wire the module into the bronze layer"): rules see clear values
 * before PII protection; QUARANTINE records land in the bronze quarantine with the failed rule names and
 * a PII-scrubbed payload; DROP records are counted and not landed; WARN records land. Expected counts
 * are computed independently from the generated events.
 */
class BronzeQualityITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void rulesQuarantineDropAndWarnWithExactCounts() throws Exception {
        BronzeTestData data = new BronzeTestData(3_000, 31);
        DatasetDef orders = BronzeTestData.DATASETS.get(0);
        RuleSet rules = RuleSet.forDataset(BronzeSchemas.inFlight(orders.schema()))
                .allowed("currency-eur-usd", "currency").values("EUR", "USD").quarantine()
                .range("not-tiny", "amount").min(new BigDecimal("10.00")).drop()
                .expression("big-order", "amount < 400").warn()
                .pattern("email-shape", "email").regex("[^@\\s]+@[^@\\s]+\\.[a-z]+").quarantine()
                .build();
        LakeLayout lake = new LakeLayout(tmp.resolve("lake").toUri().toString());

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200);
        new BronzeJob(List.of(new BronzeInput(orders, GeneratorSourceFactory.rows(data.config, orders.name(), BronzeSources.decoder(orders)), "generated orders")
                        .withRules(rules)),
                lake, LakeSinks.rollOnCheckpoint(), BronzeTestData.PII_KEY, "q-").build(env);
        JobExecutionResult result = env.execute("bronze-quality");

        // Expected fate of every parsed event, decided independently of the rules module.
        long quarantinedByRule = 0;
        long dropped = 0;
        long warned = 0;
        Set<String> keptKeys = new HashSet<>();
        long kept = 0;
        for (GeneratedEvent e : data.generator.events("orders").collect(Collectors.toList())) {
            if (e.getKind().isMalformed()) {
                continue;
            }
            JsonNode p = JSON.readTree(e.getPayload());
            BigDecimal amount = p.get("amount").decimalValue();
            boolean gbp = !Set.of("EUR", "USD").contains(p.get("currency").asText());
            if (gbp) {
                quarantinedByRule++;
            } else if (amount.compareTo(new BigDecimal("10.00")) < 0) {
                dropped++;
            } else {
                kept++;
                keptKeys.add(e.getKey());
                if (amount.compareTo(new BigDecimal("400")) >= 0) {
                    warned++;
                }
            }
        }
        assertThat(quarantinedByRule).isPositive();
        assertThat(dropped).isPositive();
        assertThat(warned).isPositive();

        List<Map<String, Object>> landed = ParquetTestReader.readDir(tmp.resolve("lake/bronze/orders"));
        assertThat(landed).extracting(r -> (String) r.get("order_id")).containsExactlyInAnyOrderElementsOf(keptKeys);
        List<Map<String, Object>> quarantine = ParquetTestReader.readDir(tmp.resolve("lake/bronze/_quarantine/orders"));
        List<Map<String, Object>> byRule = quarantine.stream().filter(r -> !((String) r.get("failed_rules")).isEmpty())
                .collect(Collectors.toList());
        assertThat(byRule).hasSize((int) quarantinedByRule)
                .allSatisfy(r -> {
                    assertThat(r.get("failed_rules")).asString().contains("currency-eur-usd").doesNotContain("email-shape");
                    assertThat((String) r.get("reason")).contains("currency-eur-usd");
                });
        assertThat(quarantine).hasSize((int) (quarantinedByRule + data.generator.expected().orders().malformed()));
        data.assertNoClearPii(ParquetTestReader.allStrings(tmp.resolve("lake")));

        RunSummary summary = new RunSummary(result.getAllAccumulatorResults(), lake, Duration.ofSeconds(1));
        assertThat(summary.ruleDrops("orders")).isEqualTo(dropped);
        assertThat(summary.counter("bronze.orders.landed")).isEqualTo(keptKeys.size());
        assertThat(summary.counter("bronze.orders.duplicates")).isEqualTo(kept - keptKeys.size());
        assertThat(summary.counter("quality.orders.warned")).isEqualTo(warned);
        assertThat(summary.balanced()).isTrue();
    }
}

package dev.tributary.demo.datagen;

import dev.tributary.transforms.api.SourceFactory;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code kind: generator}: the demo's deterministic reference data (orders, payments, customers) as a
 * bounded, parallel source, registered like any user's source through
 * {@code META-INF/services/dev.tributary.transforms.api.SourceFactory}. Each generated payload is decoded
 * exactly as a Kafka or file source would decode it; the slot number is the source offset.
 *
 * <p>Options: {@code seed}, {@code orders} (the size; payments follow from it) and {@code profile}
 * ({@code default}: duplicates, disorder, late and malformed records; {@code clean}: none of them). Every
 * generator source of a pipeline must use the same options: payments are generated for the orders.
 */
@PublicEvolving
public final class GeneratorSourceFactory implements SourceFactory {

    public static final String IDENTIFIER = "generator";
    public static final String SEED = "seed";
    public static final String ORDERS = "orders";
    public static final String PROFILE = "profile";

    private static final Set<String> DATASETS =
            Set.of(ReferenceSchemas.ORDERS, ReferenceSchemas.PAYMENTS, ReferenceSchemas.CUSTOMERS);
    private static final Set<String> PROFILES = Set.of("default", "clean");

    @Override
    public String identifier() {
        return IDENTIFIER;
    }

    @Override
    public Set<String> optionalOptions() {
        return Set.of(SEED, ORDERS, PROFILE);
    }

    @Override
    public List<Problem> validate(String name, Map<String, String> options) {
        List<Problem> problems = new ArrayList<>();
        if (!DATASETS.contains(name)) {
            problems.add(new Problem("kind", "a generator source for dataset '" + name + "'",
                    "kind 'generator' only for the reference datasets " + new TreeSet<>(DATASETS)));
        }
        number(options, SEED, Long.MIN_VALUE, problems);
        number(options, ORDERS, 1, problems);
        String profile = options.get(PROFILE);
        if (profile != null && !PROFILES.contains(profile)) {
            problems.add(new Problem(PROFILE, "'" + profile + "'", "one of " + new TreeSet<>(PROFILES)));
        }
        return problems;
    }

    @Override
    public List<Problem> validateTogether(Map<String, Map<String, String>> optionsBySource) {
        List<Problem> problems = new ArrayList<>();
        Map.Entry<String, Map<String, String>> first = null;
        for (Map.Entry<String, Map<String, String>> e : optionsBySource.entrySet()) {
            if (first == null) {
                first = e;
            } else if (!first.getValue().equals(e.getValue())) {
                problems.add(new Problem(e.getKey(), "generator options " + e.getValue() + " different from source '"
                        + first.getKey() + "' " + first.getValue(),
                        "the same generator options on every generator source (payments are generated for the orders)"));
            }
        }
        return problems;
    }

    @Override
    public boolean isBounded(Map<String, String> options) {
        return true;
    }

    @Override
    public Source<Row, ?, ?> createSource(Context context) {
        return rows(config(context.options()), context.name(), context.decoder());
    }

    /**
     * A bounded, parallel source of {@code dataset}'s generated payloads decoded into in-flight rows (Java
     * API: {@code rows(config, "orders", BronzeSources.decoder(ordersDataset))}).
     */
    public static DataGeneratorSource<Row> rows(GeneratorConfig config, String dataset, PayloadDecoder decoder) {
        long count = new ReferenceDataGenerator(config).count(dataset);
        return new DataGeneratorSource<>(new GeneratedRowFunction(config, dataset, decoder), count,
                decoder.inFlightSchema().rowTypeInfo());
    }

    @Override
    public String description() {
        return "the demo's reference data (orders, payments, customers)";
    }

    /** The generator configuration of these options (one for every generator source of a pipeline). */
    public static GeneratorConfig config(Map<String, String> o) {
        GeneratorConfigBuilder b = GeneratorConfig.builder();
        if ("clean".equals(o.get(PROFILE))) {
            b.clean();
        }
        if (o.containsKey(SEED)) {
            b.seed(Long.parseLong(o.get(SEED).replace("_", "")));
        }
        if (o.containsKey(ORDERS)) {
            b.orders(Long.parseLong(o.get(ORDERS).replace("_", "")));
        }
        return b.build();
    }

    private static void number(Map<String, String> options, String key, long min, List<Problem> problems) {
        String v = options.get(key);
        if (v == null) {
            return;
        }
        try {
            if (Long.parseLong(v.replace("_", "")) >= min) {
                return;
            }
        } catch (NumberFormatException e) {
            // reported below, like a number out of range
        }
        problems.add(new Problem(key, "'" + v + "'", "a whole number" + (min > Long.MIN_VALUE ? " >= " + min : "")));
    }
}

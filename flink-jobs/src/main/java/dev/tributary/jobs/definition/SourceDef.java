package dev.tributary.jobs.definition;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import static org.apache.flink.util.Preconditions.checkArgument;
import static org.apache.flink.util.Preconditions.checkNotNull;

/**
 * One source of a pipeline: its kind and connection options ({@code ${ENV}} already substituted), and
 * the dataset it feeds (schema, event time, sync group, dedupe, PII) with its quality rules.
 */
@PublicEvolving
public final class SourceDef implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SourceKind kind;
    /** For {@link SourceKind#FACTORY}: the factory's identifier. */
    @Nullable private final String factory;
    private final Map<String, String> options;
    private final DatasetDef dataset;
    private final QualityDef quality;

    /** A source of a built-in kind. */
    public SourceDef(SourceKind kind, Map<String, String> options, DatasetDef dataset, QualityDef quality) {
        this(kind, null, options, dataset, quality);
        checkArgument(kind != SourceKind.FACTORY, "a factory source needs the factory's identifier");
    }

    /** A source created by the {@code SourceFactory} with this identifier. */
    public SourceDef(String factoryIdentifier, Map<String, String> options, DatasetDef dataset, QualityDef quality) {
        this(SourceKind.FACTORY, checkNotNull(factoryIdentifier, "factoryIdentifier"), options, dataset, quality);
    }

    private SourceDef(SourceKind kind, @Nullable String factory, Map<String, String> options, DatasetDef dataset,
            QualityDef quality) {
        this.kind = checkNotNull(kind, "kind");
        this.factory = factory;
        this.options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
        this.dataset = checkNotNull(dataset, "dataset");
        this.quality = checkNotNull(quality, "quality");
    }

    /** The dataset's name, also the source's. */
    public String name() {
        return dataset.name();
    }

    public SourceKind kind() {
        return kind;
    }

    /** What {@code kind:} says: a built-in kind's identifier or the source factory's. */
    public String kindIdentifier() {
        return factory != null ? factory : kind.identifier();
    }

    /** The same source with other options (e.g. a generator resized). */
    public SourceDef withOptions(Map<String, String> newOptions) {
        return new SourceDef(kind, factory, newOptions, dataset, quality);
    }

    /** Connection options with secrets resolved: never print them (see {@link #redactedOptions()}). */
    public Map<String, String> options() {
        return options;
    }

    /** Options for display: values of secret-looking keys, URI user-info and key=value secrets masked ({@link Secrets}). */
    public Map<String, String> redactedOptions() {
        Map<String, String> shown = new LinkedHashMap<>();
        options.forEach((k, v) -> shown.put(k, Secrets.optionValue(k, v, java.util.List.of())));
        return shown;
    }

    /** See {@link Secrets#isSecretKey}. */
    public static boolean isSecretKey(String key) {
        return Secrets.isSecretKey(key);
    }

    public DatasetDef dataset() {
        return dataset;
    }

    public QualityDef quality() {
        return quality;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SourceDef)) {
            return false;
        }
        SourceDef s = (SourceDef) o;
        return kind == s.kind && Objects.equals(factory, s.factory) && options.equals(s.options) && dataset.equals(s.dataset) && quality.equals(s.quality);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, factory, options, dataset, quality);
    }

    @Override
    public String toString() {
        return "SourceDef{" + name() + ", " + kindIdentifier() + ", " + redactedOptions() + ", " + dataset + "}";
    }
}

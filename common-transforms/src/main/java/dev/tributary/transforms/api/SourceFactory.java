package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.types.Row;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Creates the FLIP-27 source of a pipeline's {@code kind:} that is not built in (kafka, files,
 * postgres-cdc). Implementations are found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/dev.tributary.transforms.api.SourceFactory} and put the jar on the classpath
 * (or in the job jar), exactly like a {@link TransformFactory}. The demo's data generator
 * ({@code kind: generator}) is one.
 *
 * <pre>
 * sources:
 *   readings:
 *     kind: my-source        # identifier()
 *     options: {...}         # requiredOptions() + optionalOptions(), checked by validate()
 *     schema: {...}          # the declared columns the source's payloads are parsed into
 * </pre>
 *
 * <p>Before anything starts, Tributary rejects options that are neither required nor optional (listing
 * the allowed ones), reports missing required options and every {@link Problem} of {@link #validate}
 * located at its option in the YAML, together with every other error of the definition. Two factories
 * with the same identifier, or one named like a built-in kind, are an error.
 */
@PublicEvolving
public interface SourceFactory {

    /** Unique, lower-case, dash-separated name used as {@code kind:} in pipeline definitions. */
    String identifier();

    /** Options that must be set. */
    default Set<String> requiredOptions() {
        return Set.of();
    }

    /** Options that may be set. */
    default Set<String> optionalOptions() {
        return Set.of();
    }

    /** Problems with the option values of one source (its dataset {@code name}); empty when valid. */
    default List<Problem> validate(String name, Map<String, String> options) {
        return List.of();
    }

    /**
     * Problems across every source of this kind in one pipeline ({@code optionsBySource}: source name to
     * options, in definition order), e.g. sources that must share a seed; {@link Problem#at()} is then the
     * name of the offending source.
     */
    default List<Problem> validateTogether(Map<String, Map<String, String>> optionsBySource) {
        return List.of();
    }

    /** Whether the source ends (a backfill: allowed in BATCH mode, read without watermark alignment). */
    boolean isBounded(Map<String, String> options);

    /**
     * The source, producing rows in the dataset's in-flight layout: {@link Context#decoder()} turns each
     * payload into one (a record it cannot parse becomes a row bronze quarantines, never an exception).
     */
    Source<Row, ?, ?> createSource(Context context);

    /** One line for {@code explain}. */
    default String description() {
        return "";
    }

    /** What a source is created from. */
    @PublicEvolving
    interface Context {
        /** The dataset's (and source's) name. */
        String name();

        /** The declared columns. */
        RecordSchema declaredSchema();

        /** The options, validated, {@code ${ENV}} substituted. */
        Map<String, String> options();

        /** Parses payloads into in-flight rows; serializable, so sources ship it to their readers. */
        PayloadDecoder decoder();
    }

    /** Turns one payload (JSON text) into an in-flight row of the dataset. */
    @PublicEvolving
    interface PayloadDecoder extends Serializable {
        /** The in-flight layout: declared columns, ingestion metadata, then {@code _raw} and {@code _error}. */
        RecordSchema inFlightSchema();

        /**
         * The row for {@code payload}; never throws for bad content (the row carries the parse error).
         *
         * @param source where the payload came from, e.g. {@code my-source:readings}
         */
        Row decode(@Nullable String payload, String source, @Nullable Integer partition, @Nullable Long offset,
                @Nullable String file);
    }

    /** A located problem: {@code at} an option (or a source, for {@link #validateTogether}), found vs. expected. */
    @PublicEvolving
    final class Problem {
        private final String at;
        private final String found;
        private final String expected;

        public Problem(String at, String found, String expected) {
            this.at = at;
            this.found = found;
            this.expected = expected;
        }

        public String at() {
            return at;
        }

        public String found() {
            return found;
        }

        public String expected() {
            return expected;
        }

        @Override
        public String toString() {
            return at + ": found " + found + "; expected " + expected;
        }
    }
}

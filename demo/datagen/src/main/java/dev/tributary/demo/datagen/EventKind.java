package dev.tributary.demo.datagen;

import org.apache.flink.annotation.PublicEvolving;

/** What a generated event is, so tests know the fate each event must meet in the pipeline. */
@PublicEvolving
public enum EventKind {
    /** A well-formed, on-time event of a new entity: lands once. */
    VALID,
    /** The byte-identical payload of an earlier VALID event of the same dataset, re-sent shortly after. */
    DUPLICATE,
    /** Well-formed, but its event time is behind the running maximum by more than the lateness. */
    LATE,
    /** Not parseable as JSON (truncated). */
    MALFORMED_JSON,
    /** Valid JSON without one required column. */
    MISSING_FIELD,
    /** Valid JSON with one column of the wrong JSON type (e.g. {@code "amount":"abc"}). */
    WRONG_TYPE;

    /** Whether the payload fails parsing against the schema (bronze quarantines it). */
    public boolean isMalformed() {
        return this == MALFORMED_JSON || this == MISSING_FIELD || this == WRONG_TYPE;
    }
}

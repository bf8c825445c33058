package dev.tributary.quality.api;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;

/** What a rule may look at when it is opened. */
@PublicEvolving
public interface RuleContext {

    /** The schema of the dataset the rule checks. */
    RecordSchema schema();

    /** A context over a schema. */
    static RuleContext of(RecordSchema schema) {
        return () -> schema;
    }
}

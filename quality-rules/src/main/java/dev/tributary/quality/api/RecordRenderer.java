package dev.tributary.quality.api;

import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.types.Row;

import java.io.Serializable;
import java.util.Collection;
import java.util.Set;

/**
 * Renders a record for a human or for the quarantine, typically as JSON. The caller supplies it so
 * that PII columns are masked before a record lands in the quarantine or appears in an exception
 * message: the quality stage never renders a record any other way.
 */
@PublicEvolving
@FunctionalInterface
public interface RecordRenderer extends Serializable {

    /** Renders one row; must not throw for rows with null or unexpected values. */
    String render(Row row);

    /** Renders every column as a JSON object keyed by the schema's field names. */
    static RecordRenderer json(RecordSchema schema) {
        return new JsonRecordRenderer(schema.fieldNames(), Set.of());
    }

    /** Renders as JSON, with the values of the given columns replaced by {@code "***"}. */
    static RecordRenderer jsonMasking(RecordSchema schema, Collection<String> maskedColumns) {
        for (String c : maskedColumns) {
            schema.indexOf(c); // fails naming the dataset and its fields
        }
        return new JsonRecordRenderer(schema.fieldNames(), Set.copyOf(maskedColumns));
    }
}

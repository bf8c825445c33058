package dev.tributary.jobs.bronze;

import dev.tributary.quality.api.RecordRenderer;
import dev.tributary.transforms.api.PiiAction;
import dev.tributary.transforms.api.PiiPolicy;
import dev.tributary.transforms.api.RecordSchema;
import dev.tributary.transforms.builtin.PiiMasker;

import org.apache.flink.annotation.Internal;
import org.apache.flink.types.Row;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Renders an in-flight bronze row for the quarantine and for FAIL messages without clear PII: the raw
 * payload with PII values protected by the dataset's policy when the row still carries it, otherwise
 * the row as JSON with PII columns masked.
 */
@Internal
final class BronzeRecordRenderer implements RecordRenderer {
    private static final long serialVersionUID = 1L;

    private final PiiMasker masker;
    private final int rawPosition;
    private final RecordRenderer fallback;

    BronzeRecordRenderer(PiiMasker masker, RecordSchema inFlight, int rawPosition, PiiPolicy pii) {
        this.masker = masker;
        this.rawPosition = rawPosition;
        List<String> masked = new ArrayList<>();
        for (Map.Entry<String, PiiPolicy.ColumnRule> e : pii.columns().entrySet()) {
            if (e.getValue().action() != PiiAction.ALLOW) {
                masked.add(e.getKey());
            }
        }
        masked.add(BronzeSchemas.RAW);
        this.fallback = RecordRenderer.jsonMasking(inFlight, masked);
    }

    @Override
    public String render(Row row) {
        Object raw = row.getField(rawPosition);
        if (raw instanceof String) {
            return BronzeIntakeFunction.scrubbed(masker, raw);
        }
        try {
            return fallback.render(row);
        } catch (RuntimeException | StackOverflowError e) {
            return BronzeIntakeFunction.WITHHELD;
        }
    }
}

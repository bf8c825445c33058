package dev.tributary.transforms.api;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Instant;
import java.util.Objects;

/**
 * A record that did not make it into a dataset: unparseable, missing a required field, of a wrong
 * type, or failing quality rules. It lands in {@code <layer>/_quarantine/<dataset>} with the reason(s)
 * and the raw payload, so nothing is silently lost.
 *
 * <p>The raw payload is stored with PII columns scrubbed (hashed / masked / redacted by the dataset's
 * policy) before it lands; the record is never logged with clear PII.
 *
 * <p>A Flink POJO (public no-arg constructor and public fields) so it serializes without Kryo.
 */
@PublicEvolving
public class QuarantineRecord {

    /** Dataset the record was meant for, e.g. {@code readings}. */
    public String dataset;

    /** Why: {@code parse-error: ...}, {@code missing-field: x}, or the names of every failed rule, joined by "; ". */
    public String reason;

    /** Comma-separated names of the failed quality rules (empty for parse errors). */
    public String failedRules;

    /** The payload as it came (PII scrubbed). */
    public String rawPayload;

    /** Source of the record, e.g. {@code kafka:readings} or {@code file:/path/readings.jsonl}. */
    public String source;

    /** Source position: Kafka partition, or null. */
    public Integer sourcePartition;

    /** Source position: Kafka offset, file line number, or CDC LSN. */
    public Long sourceOffset;

    /** Event time if it could be read, else null. Used to partition the quarantine by date. */
    public Instant eventTime;

    /** When the record was quarantined (processing time: this is ingestion metadata, not event time). */
    public Instant quarantinedAt;

    public QuarantineRecord() {}

    public QuarantineRecord(
            String dataset,
            String reason,
            String failedRules,
            String rawPayload,
            String source,
            Integer sourcePartition,
            Long sourceOffset,
            Instant eventTime,
            Instant quarantinedAt) {
        this.dataset = dataset;
        this.reason = reason;
        this.failedRules = failedRules;
        this.rawPayload = rawPayload;
        this.source = source;
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.eventTime = eventTime;
        this.quarantinedAt = quarantinedAt;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof QuarantineRecord)) {
            return false;
        }
        QuarantineRecord q = (QuarantineRecord) o;
        return Objects.equals(dataset, q.dataset) && Objects.equals(reason, q.reason)
                && Objects.equals(failedRules, q.failedRules) && Objects.equals(rawPayload, q.rawPayload)
                && Objects.equals(source, q.source) && Objects.equals(sourcePartition, q.sourcePartition)
                && Objects.equals(sourceOffset, q.sourceOffset) && Objects.equals(eventTime, q.eventTime)
                && Objects.equals(quarantinedAt, q.quarantinedAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, reason, failedRules, rawPayload, source, sourcePartition, sourceOffset);
    }

    @Override
    public String toString() {
        return "QuarantineRecord{" + dataset + ", reason=" + reason + ", source=" + source + ":"
                + sourcePartition + ":" + sourceOffset + "}";
    }
}

package dev.tributary.demo.datagen;

import org.apache.flink.annotation.PublicEvolving;

import javax.annotation.Nullable;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One generated event: the JSON line a producer would send, plus what the generator knows about it.
 * A Flink POJO (public no-arg constructor and accessors) so it can flow through a DataStream.
 */
@PublicEvolving
public class GeneratedEvent implements Serializable {
    private static final long serialVersionUID = 1L;

    private String dataset;
    @Nullable private String key;
    private String payload;
    @Nullable private Instant eventTime;
    private EventKind kind;
    private long slot;

    /** For Flink's POJO serializer. */
    public GeneratedEvent() {}

    public GeneratedEvent(
            String dataset,
            @Nullable String key,
            String payload,
            @Nullable Instant eventTime,
            EventKind kind,
            long slot) {
        this.dataset = dataset;
        this.key = key;
        this.payload = payload;
        this.eventTime = eventTime;
        this.kind = kind;
        this.slot = slot;
    }

    /** {@code "orders"} or {@code "payments"} (the {@code ReferenceSchemas} names). */
    public String getDataset() {
        return dataset;
    }

    public void setDataset(String dataset) {
        this.dataset = dataset;
    }

    /**
     * The producer's key: the entity key (order_id / payment_id), also for truncated JSON; null only
     * for a MISSING_FIELD event whose missing column is the key.
     */
    @Nullable
    public String getKey() {
        return key;
    }

    public void setKey(@Nullable String key) {
        this.key = key;
    }

    /** The JSON payload, one line, UTF-8 text. */
    public String getPayload() {
        return payload;
    }

    public void setPayload(String payload) {
        this.payload = payload;
    }

    /** The event time carried by the payload; null when the payload does not carry a readable one. */
    @Nullable
    public Instant getEventTime() {
        return eventTime;
    }

    public void setEventTime(@Nullable Instant eventTime) {
        this.eventTime = eventTime;
    }

    public EventKind getKind() {
        return kind;
    }

    public void setKind(EventKind kind) {
        this.kind = kind;
    }

    /** Position in the dataset's arrival order (0-based). */
    public long getSlot() {
        return slot;
    }

    public void setSlot(long slot) {
        this.slot = slot;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof GeneratedEvent)) {
            return false;
        }
        GeneratedEvent e = (GeneratedEvent) o;
        return slot == e.slot && Objects.equals(dataset, e.dataset) && Objects.equals(key, e.key)
                && Objects.equals(payload, e.payload) && Objects.equals(eventTime, e.eventTime)
                && kind == e.kind;
    }

    @Override
    public int hashCode() {
        return Objects.hash(dataset, key, payload, eventTime, kind, slot);
    }

    @Override
    public String toString() {
        return dataset + "#" + slot + " " + kind + " key=" + key + " t=" + eventTime + " " + payload;
    }
}

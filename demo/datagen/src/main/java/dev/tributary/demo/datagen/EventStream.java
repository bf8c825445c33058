package dev.tributary.demo.datagen;

import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.annotation.Internal;

import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The arrival sequence of one dataset, with the defects every dataset shares. Slot {@code i} has a
 * base event time that never decreases with {@code i}; its kind is drawn from the rates; then:
 *
 * <ul>
 *   <li>VALID: event time = base - jitter, jitter uniform in [0, bound). Since bases never decrease,
 *       a VALID event is less than {@code bound} behind any earlier VALID or DUPLICATE event.
 *   <li>DUPLICATE: the payload of the nearest earlier VALID slot (at most 8 back) that is still
 *       within the bound of the running maximum (checked against base(i-1), an upper bound of it);
 *       if there is none, the slot is VALID instead.
 *   <li>LATE: a new entity whose event time is {@code lateness + 1 ms + U[0, spread]} behind the
 *       nearest earlier VALID event (at most 64 back), hence behind the running maximum by more
 *       than the lateness; if there is none (the very first slots), the slot is VALID instead.
 *   <li>Malformed kinds: the slot's own entity, corrupted.
 * </ul>
 *
 * <p>Only raw kinds (the hash draw, before those fallbacks) are consulted when looking back, so
 * resolving a slot costs a few hashes and never recurses.
 */
@Internal
abstract class EventStream {
    private static final int DUP_LOOKBACK = 8;
    private static final int LATE_LOOKBACK = 64;
    private static final EventKind[] RAW_ORDER = {
        EventKind.DUPLICATE, EventKind.LATE, EventKind.MALFORMED_JSON, EventKind.MISSING_FIELD,
        EventKind.WRONG_TYPE
    };

    final String dataset;
    final String[] columns;
    private final int keyColumn;
    private final int tsColumn;
    private final int amountColumn;
    private final int[] required;
    private final long kindKey;
    private final long jitterKey;
    private final long corruptKey;
    private final double[] upper;
    final long boundMs;
    private final long latenessMs;
    private final long spreadMs;

    EventStream(GeneratorConfig c, RecordSchema schema, long datasetId, String keyCol, String tsCol) {
        this.dataset = schema.name();
        this.columns = schema.fieldNames().toArray(new String[0]);
        this.keyColumn = schema.indexOf(keyCol);
        this.tsColumn = schema.indexOf(tsCol);
        this.amountColumn = schema.indexOf("amount");
        this.required = schema.fields().stream().filter(Field::isRequired)
                .mapToInt(f -> schema.indexOf(f.name())).toArray();
        this.kindKey = SlotRandom.streamKey(c.seed(), datasetId, SlotRandom.KIND);
        this.jitterKey = SlotRandom.streamKey(c.seed(), datasetId, SlotRandom.JITTER);
        this.corruptKey = SlotRandom.streamKey(c.seed(), datasetId, SlotRandom.CORRUPT);
        double[] rates = {c.duplicateRate(), c.lateRate(), c.malformedJsonRate(), c.missingFieldRate(),
            c.wrongTypeRate()};
        this.upper = new double[rates.length];
        double acc = 0;
        for (int k = 0; k < rates.length; k++) {
            acc += rates[k];
            upper[k] = acc;
        }
        this.boundMs = c.maxOutOfOrderness().toMillis();
        this.latenessMs = c.lateness().toMillis();
        this.spreadMs = c.lateSpread().toMillis();
    }

    /** Number of slots (events) of this dataset. */
    abstract long count();

    /** Base event time of slot {@code i}, non-decreasing in {@code i}. */
    abstract long baseMillis(long i);

    /** Entity key of slot {@code i}'s own entity. */
    abstract String key(long i);

    /** JSON value fragments, aligned with {@link #columns}, of slot {@code i}'s entity at time t. */
    abstract String[] row(long i, long eventMillis);

    /** The kind drawn for slot {@code i}, before fallbacks. */
    final EventKind rawKind(long i) {
        double u = SlotRandom.unit(kindKey, i);
        for (int k = 0; k < upper.length; k++) {
            if (u < upper[k]) {
                return RAW_ORDER[k];
            }
        }
        return EventKind.VALID;
    }

    /** Event time of slot {@code i}'s entity when on time. */
    final long naturalMillis(long i) {
        return baseMillis(i) - SlotRandom.below(jitterKey, i, boundMs);
    }

    /** The final kind of slot {@code i}. */
    final EventKind kind(long i) {
        return resolve(i, new long[2]);
    }

    /** Resolves slot i: returns its kind; out[0] = slot whose entity it carries, out[1] = event time. */
    private EventKind resolve(long i, long[] out) {
        EventKind raw = rawKind(i);
        if (raw == EventKind.DUPLICATE) {
            long maxBase = i > 0 ? baseMillis(i - 1) : Long.MIN_VALUE;
            for (long j = i - 1; j >= 0 && j >= i - DUP_LOOKBACK; j--) {
                if (rawKind(j) == EventKind.VALID) {
                    long t = naturalMillis(j);
                    if (maxBase - t < Math.max(boundMs, 1)) {
                        out[0] = j;
                        out[1] = t;
                        return EventKind.DUPLICATE;
                    }
                }
            }
            raw = EventKind.VALID;
        } else if (raw == EventKind.LATE) {
            for (long j = i - 1; j >= 0 && j >= i - LATE_LOOKBACK; j--) {
                if (rawKind(j) == EventKind.VALID) {
                    long extra = SlotRandom.below(corruptKey, i, spreadMs + 1);
                    out[0] = i;
                    out[1] = naturalMillis(j) - latenessMs - 1 - extra;
                    return EventKind.LATE;
                }
            }
            raw = EventKind.VALID;
        }
        out[0] = i;
        out[1] = naturalMillis(i);
        return raw;
    }

    /** The event of slot {@code i}. */
    final GeneratedEvent event(long i) {
        long[] out = new long[2];
        EventKind kind = resolve(i, out);
        long source = out[0];
        long t = out[1];
        String[] values = row(source, t);
        String key = key(source);
        Instant time = Instant.ofEpochMilli(t);
        String payload;
        switch (kind) {
            case MALFORMED_JSON: {
                String full = JsonText.object(columns, values);
                SplittableRandom r = SlotRandom.random(corruptKey, i);
                // Any strict prefix of a JSON object is unparseable: its closing brace is last.
                payload = full.substring(0, 1 + r.nextInt(full.length() - 2));
                time = null;
                break;
            }
            case MISSING_FIELD: {
                int c = required[SlotRandom.random(corruptKey, i).nextInt(required.length)];
                values[c] = null;
                key = c == keyColumn ? null : key;
                time = c == tsColumn ? null : time;
                payload = JsonText.object(columns, values);
                break;
            }
            case WRONG_TYPE: {
                // Only types no lenient parser coerces: text or boolean for a decimal, boolean for a timestamp.
                int v = SlotRandom.random(corruptKey, i).nextInt(3);
                if (v == 2) {
                    values[tsColumn] = "true";
                    time = null;
                } else {
                    values[amountColumn] = v == 0 ? "\"abc\"" : "false";
                }
                payload = JsonText.object(columns, values);
                break;
            }
            default:
                payload = JsonText.object(columns, values);
        }
        return new GeneratedEvent(dataset, key, payload, time, kind, i);
    }
}

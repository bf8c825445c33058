package dev.tributary.demo.datagen;

import org.apache.flink.annotation.PublicEvolving;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Exact counts of what {@link ReferenceDataGenerator#events()} emits, per dataset and {@link
 * EventKind}, so a pipeline run can be checked against them rather than against rates.
 *
 * <p>Definitions: {@code emitted} = every event; {@code valid} = VALID events, which are also the
 * distinct well-formed on-time entities (a DUPLICATE always copies a VALID one); {@code late} = LATE
 * events, each a distinct entity of its own; {@code malformed} = the three malformed kinds.
 * Hence bronze with de-duplication lands {@link Counts#wellFormedDistinct()} = valid + late,
 * quarantines {@link Counts#malformed()} and drops {@link Counts#duplicates()}.
 */
@PublicEvolving
public final class ExpectedCounts implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Counts orders;
    private final Counts payments;

    ExpectedCounts(Counts orders, Counts payments) {
        this.orders = orders;
        this.payments = payments;
    }

    public Counts orders() {
        return orders;
    }

    public Counts payments() {
        return payments;
    }

    /** Counts of a dataset by name ({@code "orders"} or {@code "payments"}). */
    public Counts of(String dataset) {
        return ReferenceDataGenerator.datasetIndex(dataset) == 0 ? orders : payments;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpectedCounts
                && orders.equals(((ExpectedCounts) o).orders)
                && payments.equals(((ExpectedCounts) o).payments);
    }

    @Override
    public int hashCode() {
        return Objects.hash(orders, payments);
    }

    @Override
    public String toString() {
        return "ExpectedCounts{orders=" + orders + ", payments=" + payments + '}';
    }

    /** Event counts of one dataset, by kind. */
    @PublicEvolving
    public static final class Counts implements Serializable {
        private static final long serialVersionUID = 1L;

        private final long[] byKind;

        Counts(long[] byKind) {
            this.byKind = byKind.clone();
        }

        /** Number of events of this kind. */
        public long count(EventKind kind) {
            return byKind[kind.ordinal()];
        }

        public long emitted() {
            return Arrays.stream(byKind).sum();
        }

        public long valid() {
            return count(EventKind.VALID);
        }

        public long duplicates() {
            return count(EventKind.DUPLICATE);
        }

        public long late() {
            return count(EventKind.LATE);
        }

        public long malformedJson() {
            return count(EventKind.MALFORMED_JSON);
        }

        public long missingField() {
            return count(EventKind.MISSING_FIELD);
        }

        public long wrongType() {
            return count(EventKind.WRONG_TYPE);
        }

        public long malformed() {
            return malformedJson() + missingField() + wrongType();
        }

        /** Distinct well-formed entities (VALID + LATE): what bronze lands after de-duplication. */
        public long wellFormedDistinct() {
            return valid() + late();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Counts && Arrays.equals(byKind, ((Counts) o).byKind);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(byKind);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("{emitted=").append(emitted());
            for (EventKind k : EventKind.values()) {
                sb.append(", ").append(k.name().toLowerCase()).append('=').append(count(k));
            }
            return sb.append('}').toString();
        }
    }
}

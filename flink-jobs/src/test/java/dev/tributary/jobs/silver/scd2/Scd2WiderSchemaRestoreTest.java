package dev.tributary.jobs.silver.scd2;

import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.jobs.cdc.CdcTestData;
import dev.tributary.jobs.cdc.PostgresCdcSources;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.Field;
import dev.tributary.transforms.api.FieldType;
import dev.tributary.transforms.api.RecordSchema;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.Row;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.StateMigrationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * SCD2 state written with the table's declared columns, restored after a nullable column was declared
 * (the schema-change remedy: declare the column, restart from the retained checkpoint). Flink's row
 * serializer cannot widen its state, so the restore is refused outright rather than misread: the SCD2
 * operator fails to open with Flink's {@link StateMigrationException} (heap state, as in the harness; docs:
 * declare the column ahead of the {@code ALTER}, or rebuild the history with {@code --fresh --mode replace}).
 */
class Scd2WiderSchemaRestoreTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void stateFromTheNarrowerSchemaIsRefusedNotMisread() throws Exception {
        DatasetDef narrow = CdcTestData.CUSTOMERS;
        DatasetDef wide = PostgresCdcSources.dataset(ReferenceSchemas.CUSTOMERS_SCHEMA.append(
                List.of(Field.optional("loyalty_tier", FieldType.STRING))), List.of("customer_id")).build();
        OperatorSubtaskState snapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> h = harness(narrow)) {
            h.open();
            h.processElement(Scd2FunctionTest.change("c-1", "retail", "c", 10, T0), T0.toEpochMilli());
            h.processWatermark(T0.toEpochMilli());
            snapshot = h.snapshot(1L, 1L);
        }

        try (KeyedOneInputStreamOperatorTestHarness<String, Row, Row> restored = harness(wide)) {
            restored.initializeState(snapshot);
            assertThatThrownBy(restored::open).hasRootCauseInstanceOf(StateMigrationException.class)
                    .rootCause().hasMessageContaining("must not be incompatible with the old state serializer");
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Row, Row> harness(DatasetDef ds) throws Exception {
        RecordSchema history = Scd2Schemas.history(ds.schema(), "customers_history");
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Scd2Function(ds.schema(), history, new OutputTag<>("opened", history.rowTypeInfo()),
                        new OutputTag<>("late", ds.schema().rowTypeInfo()))),
                r -> (String) r.getField(0), Types.STRING);
    }
}

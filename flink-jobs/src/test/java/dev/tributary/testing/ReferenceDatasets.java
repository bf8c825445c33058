package dev.tributary.testing;

import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.PiiPolicy;

import java.time.Duration;
import java.util.List;

/**
 * The demo generator's datasets as the reference pipeline declares them (event time, dedupe, PII), for
 * the library's tests, which run on generated data but cannot see the demo's reference pipeline (it is
 * built on the library). The demo's {@code ReferencePipelineDatasetsTest} keeps the two equal.
 */
public final class ReferenceDatasets {

    /** Sync group of orders and payments: they are joined, so they advance together. */
    public static final String SYNC_GROUP = "commerce";

    public static final DatasetDef ORDERS =
            DatasetDef.builder(ReferenceSchemas.ORDERS_SCHEMA)
                    .eventTime("order_ts", Duration.ofSeconds(5))
                    .allowedLateness(Duration.ofMinutes(1))
                    .idleTimeout(Duration.ofSeconds(30))
                    .dedupe(List.of("order_id"), Duration.ofHours(1))
                    .pii(PiiPolicy.builder().hash("email").mask("phone", 4).redact("shipping_address").build())
                    .syncGroup(SYNC_GROUP)
                    .build();

    public static final DatasetDef PAYMENTS =
            DatasetDef.builder(ReferenceSchemas.PAYMENTS_SCHEMA)
                    .eventTime("payment_ts", Duration.ofSeconds(5))
                    .allowedLateness(Duration.ofMinutes(1))
                    .idleTimeout(Duration.ofSeconds(30))
                    .dedupe(List.of("payment_id"), Duration.ofHours(1))
                    .pii(PiiPolicy.builder().mask("card_number", 4).build())
                    .syncGroup(SYNC_GROUP)
                    .build();

    private ReferenceDatasets() {}
}

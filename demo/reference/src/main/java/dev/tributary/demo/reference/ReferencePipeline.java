package dev.tributary.demo.reference;

import dev.tributary.demo.datagen.ReferenceSchemas;
import dev.tributary.jobs.definition.DatasetDef;
import dev.tributary.transforms.api.PiiPolicy;

import org.apache.flink.annotation.PublicEvolving;

import java.time.Duration;
import java.util.List;

/**
 * The reference (e-commerce) pipeline built in Java: dataset declarations with event time, dedupe keys
 * and PII policies. {@code examples/ecommerce/pipeline.yaml} declares the same pipeline as a file.
 */
@PublicEvolving
public final class ReferencePipeline {

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

    private ReferencePipeline() {}
}

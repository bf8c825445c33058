package dev.tributary.demo.reference;

import dev.tributary.testing.ReferenceDatasets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The library's tests use a copy of the reference datasets (they cannot see this module): keep it equal. */
class ReferencePipelineDatasetsTest {

    @Test
    void theLibraryTestsCopyOfTheReferenceDatasetsIsTheReferencePipelines() {
        assertThat(ReferenceDatasets.ORDERS).isEqualTo(ReferencePipeline.ORDERS);
        assertThat(ReferenceDatasets.PAYMENTS).isEqualTo(ReferencePipeline.PAYMENTS);
        assertThat(ReferenceDatasets.SYNC_GROUP).isEqualTo(ReferencePipeline.SYNC_GROUP);
    }
}
